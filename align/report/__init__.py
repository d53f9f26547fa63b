"""MT evaluation reports on a split of our dataset (or any reference file): sacrebleu's BLEU,
chrF++ and TER with their signatures, paired bootstrap significance against a baseline,
breakdowns per article / source length / worst sentences, as Markdown, JSON and HTML.

`build.build_report` does the work; `markdown`, `html` render its dict; `align bleu` wires it."""
