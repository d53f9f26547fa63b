"""Lines of a news page that are not article text, Korean and English: bylines and reporter
lines with an e-mail, copyright notices, promotion lines (▶, ☞), the wire's "(끝)"/"(END)",
tip-off lines, hashtag lines, photo credits; and the wire dateline that opens a first paragraph.

    from align.extract.boilerplate import is_boilerplate, strip_dateline, tidy_line
    kept = [tidy_line(strip_dateline(l)) for l in lines if not is_boilerplate(l)]

The rules describe kinds of line (what a reporter line or a credit looks like on any site), not
the lines of particular pages; they are shared by the HTML extractor and the plain-text reader.
"""

from __future__ import annotations

import re

from ..regex_cache import compiled

# a line of page furniture is short: a longer one is a paragraph, whatever words it holds
MAX_LINE = 250
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAIL_RX = compiled(_EMAIL)
# a Korean staff title after a 2-4 syllable name: 기자, 특파원, 논설위원, ...
_KO_TITLE = r"(?:기자|특파원|선임기자|전문기자|객원기자|논설위원|편집위원|에디터|통신원|인턴기자|PD|피디|앵커)"
# (Hangul has no case: re.IGNORECASE turned off on the class, which would otherwise cost
# 1.5 ms of compiling at every import to case-fold its 11,172 syllables one by one)
_KO_NAME = r"(?-i:[가-힣]{2,4})"

# a whole line is boilerplate when one of these matches at its start (one match() for all)
_DROP_START = (
    # contact: a bare e-mail address, possibly bracketed
    rf"[\[(<]?\s*(?:e-?mail\s*[:：]?\s*)?{_EMAIL}\s*[\])>]?$",
    # a copyright sign opening the line
    r"\s*[ⓒ©]",
    # list headings and labels
    r"(related (stories|articles|news|content|links)|more (stories|from|on)\b.{0,40}"
    r"|most (viewed|read|popular)( articles| stories)?)\s*:?$",
    r"(recommended( (stories|articles|for you))?|top stories|관련\s*기사|관련\s*뉴스|많이\s*본\s*(기사|뉴스))\s*:?$",
    r"(인기\s*기사|추천\s*기사|주요\s*뉴스|최신\s*기사|이\s*시각\s*(주요|인기)\s*뉴스)\s*:?$",
    r"(advert(isement|ising)?|sponsored( content)?|anzeige|werbung|publicit[ée]|publicidad|광고|AD)$",
    # ... and in other languages: Turkish, Scandinavian, Slavic, Italian, Portuguese, Dutch, Finnish
    r"(reklam[ae]?|реклама|pubblicità|publicidade|advertentie|annons|annonse|mainos)$",
    # the labels of a break in the story: "Advertisement · Scroll to continue", "Story continues
    # below advertisement", "Continue Reading Below"
    r"advert(isement|ising)?\s*[·•|:–—-]\s*scroll to continue( reading)?$",
    r"(the )?(story|article) continues (below|after)( (the|this))?( advertisement| ad| gallery| video| photos?)?$",
    r"continue reading( below)?$",
    # a video player's labels left in the story: "WATCH | Palestinians react to ...:", "Duration 1:30",
    # and a promo's age standing alone: "14 hours ago"
    r"watch\s*\|\s*.{0,160}$",
    r"duration\s*:?\s*\d{1,2}:\d{2}(:\d{2})?$",
    r"\d{1,3}\s+(second|minute|hour|day|week|month|year)s?\s+ago$",
    # a notice for browsers without scripts: "This slideshow requires JavaScript."
    _JS_NOTICE := r".{0,60}\b(requires|enable|needs?|turn on) javascript\b.{0,60}$",
    # a CMS shortcode left in the text: "[button link=...]Send us ...[/button]"
    r"\[\w+[^\]]*\].{0,200}\[/\w+\]$",
    # end marks of wire copy
    r"[(\[/]\s*(?:END|끝)\s*[)\]/]$",
    # English bylines: "By Kim Do-yoon, staff reporter"
    r"By [^.!?]{3,60}$",
    r"(reporting|writing|editing|additional reporting) by [^.!?]{3,80}\.?$",
    # Korean reporter lines: "홍길동 기자", "/홍길동 기자 hong@x.co.kr", "[서울=뉴스1] 홍길동 기자"
    rf"/?\s*(?:[\[(【][^\])】]{{1,20}}[\])】]\s*)?(?:{_KO_NAME}\s*[·,]\s*)*{_KO_NAME}\s*{_KO_TITLE}(?:\s*[=/]?\s*[(\[<]?\s*{_EMAIL}\s*[)\]>]?)?\s*$",
    # a short line carrying an e-mail: a reporter's or desk's contact line
    _EMAIL_LINE := rf"(?=.{{0,90}}$).{{0,60}}{_EMAIL}.{{0,20}}$",
    # tip-off and contact lines ("[전화] 02-398-8585", "[카카오톡] YTN 검색해 채널 추가")
    r"(please )?(direct|send) (your )?(questions|comments|tips)",
    r"\s*[▷▶☞■]?\s*(카카오톡|전화|이메일|메일|카톡)\s*[:：]",
    r"\s*[\[【]\s*(?:카카오톡|카톡|전화|이메일|메일|팩스)\s*[\]】]",
    # broadcast news scripts (KBS, MBC, SBS, MBN, YTN, ...): a segment label standing alone
    # ("[앵커]", "◀ 리포트 ▶", "【 앵커멘트 】", "<기자>"), the item's production credits
    # ("영상편집:김유진", "촬영기자:박준석/영상편집:김대범/그래픽:조재현"), the reporter's sign-off
    # ("KBS 뉴스 김수연입니다.", "워싱턴에서 KBS 뉴스 김경수입니다.") and a programme's
    # transcript header ("□ 방송일시 : 2023년 4월 10일", "□ 진행 : ...")
    r"[\[【◀<]\s*(?:앵커|기자|리포트|앵커\s*멘트|기자\s*멘트|앵커\s*리포트|인터뷰|녹취|현장음|자막|스탠드\s*업)\s*[\]】▶>]\s*$",
    r"(?=.{0,150}$)(?:(?:영상\s*(?:취재|편집|디자인|제공)|화면\s*제공|촬영\s*기자|촬영|그래픽|자료\s*조사|취재\s*지원)"
    r"\s*[:：]\s*[^/:：]{1,30}(?:[/,·]\s*|$))+$",
    rf"(?:\S{{1,12}}에서\s*)?(?:KBS|MBC|SBS|MBN|YTN|JTBC|OBS|TV\s*조선|채널\s*A|연합뉴스\s*TV|연합뉴스)(?:\s*뉴스)?\s*"
    rf"{_KO_NAME}(?:입니다|였습니다)\.?$",
    r"[□■]\s*(?:방송\s*일시|진행|출연\s*자?|대담)\s*[:：]",
    # page furniture of dates, shares, subscriptions
    r"(posted on|published|modified on|updated|last updated|입력|수정|등록|승인|기사입력|최종수정)"
    r"\s*[:：]?\s*(\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    r"(posted on|modified on|updated|입력|수정|등록)\s*[:：]",
    # a date line with the author, section or tags: "05/10/2018 - Publicado por: ... - Tags: ..."
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b[^.!?]{0,140}$",
    r"(posted|published|publicado|publié|veröffentlicht|written) (by|por|par|von)\b[^.!?]{0,100}$",
    r"translated by ",
    r"(share|share this( article| story)?|print|email|facebook|twitter|tweet|kakaotalk|카카오톡|페이스북|트위터|공유하기)$",
    r"(스크랩|인쇄|글씨\s*(크게|작게)|글자\s*크기)$",
    r"(sign up|subscribe)\b.{0,80}(newsletter|updates|for free)",
    r"follow us on ",
    # promotion lines: ☞ always, ▶/►/▷ when short (a link's label, not a sentence)
    r"\s*[\[(]?\s*☞",
    r"\s*[\[(]?\s*[▶►▷]\s*(?=.{0,70}$)(?!.*(?:다|요)\.\s*$)",
    # a template placeholder left in the page: "$$ARTICLEAD$$", "{{AD_SLOT}}", "[[ad]]"
    r"(?:\$\$|\{\{|\[\[|%%)\s*[\w-]{1,40}\s*(?:\$\$|\}\}|\]\]|%%)$",
    # hashtag lines: "#부동산 #아파트"
    r"(?:#[^\s#]+\s*){1,}$",
    # photo and graphic credits standing alone: "[사진=연합뉴스]", "(Photo by X/Reuters)"
    r"[\[(<]?\s*(?:사진|그래픽|자료|영상|출처|이미지|일러스트|제공|자료사진|사진\s*제공|사진\s*출처|영상\s*출처|화면\s*출처|화면\s*캡처)"
    r"\s*[=:：/]\s*[^\])>]{1,50}[\])>]?$",
    # a note that the photo is not of the story: "▲위 사진은 기사 내용과 직접적인 관련이 없습니다."
    r"[▲△※*]?\s*(?:위|아래|이|본|해당)?\s*(?:사진|이미지|영상)은\s*(?:본\s*)?(?:기사|본문)\s*(?:의\s*)?(?:내용)?(?:과|와)\s*"
    r"(?:직접(?:적인|적으로)?\s*)?(?:관련|상관)(?:이|은)?\s*없.{0,20}$",
    r"[\[(]?\s*(?:photo|photos|image|picture|graphic|illustration|video|source|credit|photo credit)s?\s*(?:by|[:=/])\s*[^.]{1,60}[\])]?$",
    r"[\[(]?\s*(?:AP|AFP|Reuters|EPA|Getty Images|Yonhap|연합뉴스|뉴스1|뉴시스)(?:\s*(?:Photo|Images|사진))?\s*/\s*[^.]{1,60}[\])]?$",
)
# a line that does not end as a Korean news sentence does ("...다."): a label, a prompt, a contact
_NOT_KO_SENTENCE = r"^(?!.*다\.\s*$)"
# ... or when one of these is found anywhere in it; each with words one of which any line it
# matches holds, in lower case (a line holding none is not searched: see is_boilerplate)
_DROP_ANYWHERE = (
    # copyright notices, as notices word them ("Copyright © 2026", "© 2019 Associated Press",
    # "저작권자 ⓒ"): an article's sentence about copyright law is not one
    (r"copyright\s*(?:©|ⓒ|\(c\)|\d{4}|notice\b)|[©ⓒ]\s*\d{4}|all rights reserved|무단\s*전재|"
     r"재배포\s*(?:및\s*)?(?:AI\s*학습\s*(?:및\s*)?(?:활용\s*|이용\s*)?)?금지\s*[>\])】.]*\s*$|저작권자\s*(?:[ⓒ©]|\(c\))",
     ("copyright", "©", "ⓒ", "all rights reserved", "무단", "재배포", "저작권자")),
    (r"ⓒ\s*\S+\s*$|\(c\)\s*\d{4}", ("ⓒ", "(c)")),
    # cookie notices: "This website uses cookies. By continuing to use our website ..."
    (r"\b(this|our) (web)?site uses cookies|\bwe use cookies\b|\bby (continuing to use|using) (this|our) (web)?site\b",
     ("site uses cookies", "we use cookies", "by continuing to use ", "by using ")),
    # tip-off lines
    # (a tip-off line gives a contact or is a label; "시민 제보는 300건이 넘었다." is article text:
    # Korean news sentences end in "다.", notices in a contact, a colon or "~세요")
    (r"기사\s*문의\s*(및|/)?\s*제보|제보\s*(?:하기|는|전화|메일|카톡|이메일)\s*[:：]?\s*(?:[\w.-]+@|\d{2,4}-\d{3,4}|카톡|카카오톡|https?:|www\.)"
     rf"|{_NOT_KO_SENTENCE}.*제보\s*(?:하기|는|전화|메일|카톡|이메일)"
     # a broadcaster's call for tips: "MBC 뉴스는 24시간 여러분의 제보를 기다립니다.", "당신의 제보가 뉴스가 됩니다"
     r"|^(?=.{0,80}$).*(?:제보가\s*뉴스가\s*됩니다|여러분의\s*제보를\s*기다립니다)", ("제보",)),
    # the button or line pointing at the original article ("Read the original article.",
    # "원문 보기"): a label, or words sending the reader there; an article's own sentence
    # about an original article (or a Korean one ending "...다.", as its sentences do) is not one
    (r"\b(?:read|view|see|go(?:es)? to|moves? to|click[^.]{0,20}?|links? to)\s+(?:the\s+|this\s+)?original\s+(?:korean\s+)?"
     rf"(?:article|story|version)|^(?=.{{0,40}}$).*original (?:korean )?article|{_NOT_KO_SENTENCE}.*원문(?:으로| 보기|기사)",
     ("original ", "원문")),
    # subscription prompts
    (rf"구독\s*(하기|신청)\s*$|{_NOT_KO_SENTENCE}.*네이버\s*(메인)?에서\s*.{{0,20}}(구독|받아\s*보)", ("구독", "네이버")),
)
# the only characters besides A-Z that re.IGNORECASE matches with an ASCII letter (İ ı K ſ):
# in a line holding one, lower() may not show a word the pattern finds, so all are searched
_CASE_ODD = compiled("[\u0130\u0131\u212a\u017f]")
# Two of the patterns cost more than all the others together (they try .{0,60} at the start
# of every line): each is tried alone, on a line holding the word or the "@" it needs
_START_RX = compiled("|".join(f"(?:{p})" for p in _DROP_START if p not in (_JS_NOTICE, _EMAIL_LINE)), re.IGNORECASE)
_JS_NOTICE_RX = compiled(_JS_NOTICE, re.IGNORECASE)
_EMAIL_LINE_RX = compiled(_EMAIL_LINE, re.IGNORECASE)
_ANYWHERE_RX = [(compiled(p, re.IGNORECASE), words) for p, words in _DROP_ANYWHERE]
# any of those words: a line (lower case) holding none is searched by none of the patterns
_ANY_WORD_RX = compiled("|".join(re.escape(w) for _, words in _DROP_ANYWHERE for w in words))
# wire-service datelines that open the first paragraph: "SEOUL, Oct. 1 (Yonhap) -- ",
# "(서울=연합뉴스) 홍길동 기자 = ", "[서울경제] 홍길동 기자 = ", "【베이징=뉴시스】"
_DATELINES = [
    compiled(r"^[A-Z][A-Za-z .'\-]{1,30}, [A-Z][a-z]{2,4}\.? \d{1,2} \([^()]{2,30}\)\s*(?:--|—|–|-)\s*"),
    compiled(r"^[A-Z][A-Z .'\-]{1,30}(?:, [A-Z][A-Za-z .]{1,20})?\s*\((?:AP|AFP|Reuters|Yonhap|UPI|Xinhua|Kyodo)\)\s*(?:--|—|–|-)\s*"),
    compiled(rf"^[(\[【]\s*[^()\[\]【】=]{{1,20}}=\s*[^()\[\]【】]{{1,20}}[)\]】]\s*(?:(?:{_KO_NAME}\s*[·,]\s*)*{_KO_NAME}\s*{_KO_TITLE}\s*=\s*)?"),
    compiled(rf"^[\[【][^\[\]【】]{{1,15}}[\]】]\s*(?:{_KO_NAME}\s*[·,]\s*)*{_KO_NAME}\s*{_KO_TITLE}\s*=\s*"),
    compiled(rf"^(?:{_KO_NAME}\s*[·,]\s*)*{_KO_NAME}\s*{_KO_TITLE}\s*=\s*"),
]
# a photo credit or label opening a paragraph: "[사진=연합뉴스] ", "(Photo: Reuters) "
_LEAD_CREDIT = compiled(
    r"^[\[(]\s*(?:사진|그래픽|자료|영상|출처|이미지|사진제공|photo|image|graphic)\s*[=:：/]\s*[^\])]{1,40}[\])]\s*", re.IGNORECASE
)
# an end mark closing the last paragraph: "... 말했다. (끝)", "... said. (END)", "/끝/"
_TRAIL_END = compiled(r"\s*(?:[(\[]\s*(?:END|끝)\s*[)\]]|/\s*끝\s*/)\s*$", re.IGNORECASE)
# a reporter's signature closing a paragraph: "... 밝혔다. 홍길동 기자 hong@x.co.kr",
# "... 말했다. /워싱턴=김철수 특파원", a photo caption's "... 위원. /이태경 기자", "... 말했다. 연합뉴스"
_TRAIL_REPORTER = compiled(
    rf"(?<=[.!?\"”’)])\s*(?:[/]?\s*(?:{_KO_NAME}\s*[·,]\s*)*{_KO_NAME}\s*{_KO_TITLE}\s*[(\[<]?\s*{_EMAIL}\s*[)\]>]?"
    rf"|/\s*(?:[^/=\s]{{1,10}}=)?(?:{_KO_NAME}\s*[·,]\s*)*{_KO_NAME}\s*{_KO_TITLE}"
    r"|(?:연합뉴스|뉴시스|뉴스1|\(?(?:AP|AFP|Reuters|Yonhap)\)?))\s*$"
)


_TAIL = 120
# the last character _TRAIL_END / _TRAIL_REPORTER can match before the end's white space (\s is
# what str.rstrip strips): ")" "]" "/"; an e-mail's, a title's or an agency's \w (alnum or "_"),
# "-", or a closing bracket
_END_MARK_LAST = frozenset(")]/")
_REPORTER_LAST = frozenset("_-)]>")


def is_boilerplate(line: str) -> bool:
    """True when the whole line is page furniture rather than article text."""
    line = line.strip()
    if not line:
        return True
    if len(line) > MAX_LINE:
        return False
    if _START_RX.match(line) is not None:
        return True
    low = line.lower()
    odd = not line.isascii() and _CASE_ODD.search(line) is not None
    if "@" in line and _EMAIL_LINE_RX.match(line) is not None:
        return True
    if (odd or "javascript" in low) and _JS_NOTICE_RX.match(line) is not None:
        return True
    if not odd and _ANY_WORD_RX.search(low) is None:
        return False  # (most lines: the test below would give the same, at five times the cost)
    return any((odd or any(w in low for w in words)) and rx.search(line) for rx, words in _ANYWHERE_RX)


def strip_dateline(text: str) -> str:
    """The text without the wire dateline that opens it ("SEOUL, Oct. 1 (Yonhap) -- ",
    "(서울=연합뉴스) 홍길동 기자 = "); unchanged when it has none."""
    for rx in _DATELINES:
        new = rx.sub("", text, count=1)
        if new != text:
            return new.strip()
    return text


def tidy_line(line: str) -> str:
    """A kept line without a leading photo credit, a trailing end mark or reporter signature."""
    line = _LEAD_CREDIT.sub("", line, count=1)
    # the end patterns are searched in the tail only: at every position of a long paragraph
    # they would cost more than all the rest
    cut = max(0, len(line) - _TAIL)
    tail = line[cut:]
    # each end pattern ends with its last character before trailing white space: a line ending
    # otherwise (a sentence's full stop, most) is not searched at all
    end = tail.rstrip()[-1:]
    if end in _END_MARK_LAST:
        tail = _TRAIL_END.sub("", tail)
        end = tail.rstrip()[-1:]
    if end and (end in _REPORTER_LAST or end.isalnum()):
        tail = _TRAIL_REPORTER.sub("", tail)
    return (line[:cut] + tail).strip()


def has_email(text: str) -> bool:
    return _EMAIL_RX.search(text) is not None
