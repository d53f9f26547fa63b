"""What pyproject.toml cannot say alone: the source recipes, kept in corpora/recipes where recipe
writers find them, ship inside the package as `align.recipes` (align.extract.recipes.bundled_dir
finds them there in an installed wheel, and in corpora/recipes in this tree)."""

from setuptools import find_namespace_packages, setup

setup(
    # namespace discovery so data-only folders (align/view/assets) are packages too
    packages=[*find_namespace_packages(include=["align", "align.*"], exclude=["*.__pycache__"]), "align.recipes"],
    package_dir={"align.recipes": "corpora/recipes"},
)
