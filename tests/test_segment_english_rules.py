"""The English splitter on the phenomena of the Pragmatic Segmenter's golden rules and on news
copy, with sentences written for these tests (the outside suites are scored by
scripts/bench_segment.py, read at run time, never copied here)."""

import pytest

from align.segment import split_english

CASES = [
    # times: a capitalised word after "6 P.M." opens a sentence, unless the sentence so far is
    # only the time or the word continues it
    ("The ceasefire began at 6 P.M. Mr. Yoon spoke an hour later.",
     ["The ceasefire began at 6 P.M.", "Mr. Yoon spoke an hour later."]),
    ("By 7 a.m. Ms. Han had already left the hotel.", ["By 7 a.m. Ms. Han had already left the hotel."]),
    ("Polls open at 9 a.m. Tuesday and close at 8 p.m. Seoul time.",
     ["Polls open at 9 a.m. Tuesday and close at 8 p.m. Seoul time."]),
    ("The blast came at 4 a.m. Firefighters arrived soon after.",
     ["The blast came at 4 a.m.", "Firefighters arrived soon after."]),
    ("The train leaves at 5 p.m. tomorrow.", ["The train leaves at 5 p.m. tomorrow."]),
    ("On Friday at 8 a.m. Gov. Kim toured the port.", ["On Friday at 8 a.m. Gov. Kim toured the port."]),
    ("At 8 a.m. The ferry was full.", ["At 8 a.m.", "The ferry was full."]),
    ("Shortly after 7 a.m. North Korea fired a missile.", ["Shortly after 7 a.m. North Korea fired a missile."]),
    ("They met at 7 p.m. Kim spoke first.", ["They met at 7 p.m.", "Kim spoke first."]),
    ("The wall was built in 210 B.C. Later rulers extended it.",
     ["The wall was built in 210 B.C.", "Later rulers extended it."]),
    # units after a number
    ("The parcel weighed 3 lb. 6 oz. in all.", ["The parcel weighed 3 lb. 6 oz. in all."]),
    ("The fence is 6 ft. Neighbours measured it.", ["The fence is 6 ft.", "Neighbours measured it."]),
    # "I" as a pronoun after a lower-case word ends a sentence; as an initial it does not
    ("The coach picked my sister and I. We trained all summer.",
     ["The coach picked my sister and I.", "We trained all summer."]),
    ("The prize went to Jenna I. Park of Busan.", ["The prize went to Jenna I. Park of Busan."]),
    # numbered, lettered, roman and bulleted list items, with and without stops
    ("Steps: 1. Boil the water 2. Add the noodles 3. Wait four minutes",
     ["Steps:", "1. Boil the water", "2. Add the noodles", "3. Wait four minutes"]),
    ("1. Boil the water. 2. Add the noodles.", ["1. Boil the water.", "2. Add the noodles."]),
    ("1.) Pack light 2.) Leave early", ["1.) Pack light", "2.) Leave early"]),
    ("1) Pack light. 2) Leave early.", ["1) Pack light.", "2) Leave early."]),
    ("a. Red paint b. Blue paint c. Green paint", ["a. Red paint", "b. Blue paint", "c. Green paint"]),
    ("(i) a deposit (ii) a guarantor (iii) a lease", ["(i) a deposit", "(ii) a guarantor", "(iii) a lease"]),
    ("• 4. Rice • 5. Beans", ["• 4. Rice", "• 5. Beans"]),
    ("▪7. Salt ▪8. Pepper", ["▪7. Salt", "▪8. Pepper"]),
    ("2. The second point stands alone.", ["2. The second point stands alone."]),
    # a first marker mid-paragraph opens a list only once its second follows
    ("Two options: 1) wait for the court 2) settle.", ["Two options:", "1) wait for the court", "2) settle."]),
    ("Two options: 1) wait for Article 2 to lapse.", ["Two options: 1) wait for Article 2 to lapse."]),
    # numbers that end sentences are no list items
    ("His son was 4. His daughter was 5. They lived in Daegu.",
     ["His son was 4.", "His daughter was 5.", "They lived in Daegu."]),
    ("He was ranked No. 1. The others trailed.", ["He was ranked No. 1.", "The others trailed."]),
    ("The show opened on Oct. 1. It closed on Oct. 2. Nobody came.",
     ["The show opened on Oct. 1.", "It closed on Oct. 2.", "Nobody came."]),
    # ellipses in the middle and at the end
    ("He paused... Then he spoke again.", ["He paused...", "Then he spoke again."]),
    ("She wondered... maybe it was nothing.", ["She wondered... maybe it was nothing."]),
    ("The answer was . . . nothing at all.", ["The answer was . . . nothing at all."]),
    ("He kept on . . . . Another hour went by.", ["He kept on . . . .", "Another hour went by."]),
    ("The cost was high. . . . Later it fell.", ["The cost was high.", ". . . Later it fell."]),
    ("“Trade [...] will grow [...]” (Kim 2020).", ["“Trade [...] will grow [...]” (Kim 2020)."]),
    ("[…] The hearing resumed.", ["[…]", "The hearing resumed."]),
    ("It was over…. Nobody moved.", ["It was over….", "Nobody moved."]),
    # "No." and "N°." before numbers
    ("The bid was lot N°. 7.2.18. That was a record.", ["The bid was lot N°. 7.2.18.", "That was a record."]),
    ("The No. 3 seed lost to the No. 12 seed.", ["The No. 3 seed lost to the No. 12 seed."]),
    # abbreviations
    ("Rep. Ahn and Gov. Oh met Sen. Cruz at the U.N. office.",
     ["Rep. Ahn and Gov. Oh met Sen. Cruz at the U.N. office."]),
    ("Hyundai Motor Co. and Kia Corp. rose, e.g. on exports.",
     ["Hyundai Motor Co. and Kia Corp. rose, e.g. on exports."]),
    ("Shares of Naver Corp. fell. The index rose.", ["Shares of Naver Corp. fell.", "The index rose."]),
    ("He moved to the U.S. The family followed.", ["He moved to the U.S.", "The family followed."]),
    ("He moved to the U.S. in 1990.", ["He moved to the U.S. in 1990."]),
    ("Dr. Seo joined Samsung Biologics Co. Ltd. in Jan. 2021.",
     ["Dr. Seo joined Samsung Biologics Co. Ltd. in Jan. 2021."]),
    # quotes and brackets after the full stop
    ('Lee said, "We are ready." Then he left.', ['Lee said, "We are ready."', "Then he left."]),
    ('Lee said, "We are ready." he insisted.', ['Lee said, "We are ready." he insisted.']),
    ("(The figure was revised.) Markets rose.", ["(The figure was revised.)", "Markets rose."]),
    ("Talks resume Monday. ``We are ready,'' he said.", ["Talks resume Monday.", "``We are ready,'' he said."]),
    # a quotation is split inside, also when the sentence goes on after it (as news treebanks do)
    ("“We are ready. We will act,” Kim said.", ["“We are ready.", "We will act,” Kim said."]),
    ("The rate (set in May.) held firm.", ["The rate (set in May.) held firm."]),
    ("It opened in 1948.[3] It grew fast.", ["It opened in 1948.[3]", "It grew fast."]),
    ("It opened in 1948. [3] It grew fast. [4]", ["It opened in 1948. [3]", "It grew fast. [4]"]),
    ("Prices fell! [...] Then they rose.", ["Prices fell! [...]", "Then they rose."]),
    ("The fort (c. 1230 BC) stands. Tours run (e.g. The Old Town Walk).",
     ["The fort (c. 1230 BC) stands.", "Tours run (e.g. The Old Town Walk)."]),
    ("He is Assoc. Dean Park.", ["He is Assoc. Dean Park."]),
    # decimals, e-mail addresses, web addresses, money
    ("Growth was 2.6 percent. It slowed.", ["Growth was 2.6 percent.", "It slowed."]),
    ("Write to desk@news.example.kr. We reply daily.", ["Write to desk@news.example.kr.", "We reply daily."]),
    ("See https://www.example.co.kr/a.b/index.html. It is free.",
     ["See https://www.example.co.kr/a.b/index.html.", "It is free."]),
    ("It cost $12.50. Then it cost $3.", ["It cost $12.50.", "Then it cost $3."]),
    # initials
    ("J. K. Rowling and K. H. Lee spoke.", ["J. K. Rowling and K. H. Lee spoke."]),
    ("The letter was signed by Kim Y. Lee. Nobody replied.",
     ["The letter was signed by Kim Y. Lee.", "Nobody replied."]),
    # other terminal punctuation
    ("Really?! Yes. Wow!! Then what?", ["Really?!", "Yes.", "Wow!!", "Then what?"]),
    ("She works at Yahoo! in Seoul.", ["She works at Yahoo! in Seoul."]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_english_rules(text, expected):
    assert split_english(text) == expected


def test_sentences_cover_the_text():
    # Nothing is lost or reordered: the sentences, joined, are the paragraph.
    text = " ".join(t for t, _ in CASES)
    assert " ".join(split_english(text)).split() == text.split()


def test_long_paragraph_runs_in_linear_time():
    # A pathological paragraph of dots and markers must not blow up (bounded look-arounds).
    text = ". " * 20000 + "1. a " * 5000 + "... " * 5000
    assert split_english(text)
