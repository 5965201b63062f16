"""Where GNU msgcat (gettext 0.21, libunistring 1.0) breaks a long string into lines.

Contract: `Portion(text, width).breaks(start_column, first_only=False)` lists the
offsets in `text` (an escaped string portion) where msgcat starts a new line when
the portion is written from `start_column` on lines of `width` columns: Unicode
line breaking (UAX #14) as libunistring 1.0 resolves it, East Asian wide characters
counting two columns. `po_format` writes the lines; this module only finds the
breaks. Its tables are built when it is first imported, which only writing a
catalog does (a command that only reads catalogs never pays for them).
"""

from __future__ import annotations

import base64
import re
import zlib
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

# --- Unicode data: line-break class and column width of every code point ---------------

# Line-break classes as libunistring 1.0 resolves them: AL includes AI, SA and XX; CM
# includes control characters; NS includes CJ; ID includes CB; BK includes CR, LF, NL;
# OPW is an opening punctuation of East Asian width F/W/H (LB30 lets AL/NU break before
# it). Each class is one letter in the class strings the breaker works on.
_CLASS_NAMES = (
    "AL", "B2", "BA", "BB", "BK", "CL", "CM", "CP", "EB", "EM", "EX", "GL", "H2", "H3",
    "HL", "HY", "ID", "IN", "IS", "JL", "JT", "JV", "NS", "NU", "OP", "OPW", "PO", "PR",
    "QU", "RI", "SP", "SY", "WJ", "ZW", "ZWJ",
)
_LETTER = {name: chr(ord("A") + i) if i < 26 else chr(ord("a") + i - 26) for i, name in enumerate(_CLASS_NAMES)}
_NAME = {letter: name for name, letter in _LETTER.items()}

# Runs of code points "<length in hex><class><width>", zlib-compressed and base85-encoded.
# Derived from libunistring 1.0 (u8_possible_linebreaks_v2 and uc_width, with control
# characters counted as width 0, as u8_width_linebreaks does); tests/catalogs/test_po_format.py
# checks it against the installed library, and `python tests/catalogs/test_po_format.py` prints
# it afresh.
_TABLE_DATA = (
    "c-rk-%a+}^4g8h<1Q8_lSav%;eoRl>V<+(>JLyXL|4)cmpb8`{kL^j$Y;rgElqfy`5Ckc(?)2){?"
    "!i4hb`Rm{mjel&KYw%&?)C4-&u{-YejcBXpO2r?&xi97FFvGtuRc~)-hDoP-u~-EpAR&@9F-+Kde"
    "lSD3m|$xJ9M*J;nQO(e9nFMDrXXL27F_!51D-GBAQ@8Nh?voKIBpK@#*R4kd-~hly2mEPvoqTbP0"
    "w%OVB;s5*iX(6WUM{dUqk=A(igC6(_BN87m=K^Bg376GCBwV6uc%!sYFA?k6M!vmF|BDz;Dh!rl;"
    "lseAAViJCvA0!$BVBrmi_deIltMQvOf#^yw7X#>l&SDh0!Q3cgZ5GyW}aAzw)-6<6YGhGtHWE0r0"
    "=a|+6$P+<DRTqUGT}l!Otw+3{(eX$Hr2~BR>(Qz=$<wnd2g&UNUkDJbHPbwjCRmMPra)~!+5qe}l"
    "*V-hLcJ-saOD7IKa`~jjpqJzI<e7h?!GC9a29M3wWC!IHgf%D`GEmq<LR`YY3ss;lBUpT0pgDhTT"
    "I{gO+3^hUD?^0Dg9En*72#NsoPB7#?B_{WBz6>{P30OPOq!oJ=C%<7h(^LXH#u24SdZ=LnFW0s~p"
    "K)j^sKkgh7TnT9~K1@0;ps1}6IVP^%Kmh=CpY+DBYo{@LQi(m~~wp$mmWLKeC)-pIhFjnfj3v2Hg"
    "dv@k#ys}x-XY%v%W=nWAzg!C8@fZv>3p#?%1!(^ZHuGhGHg>=W}-ua5!qRz&hC=y|iX!{5TwmE~&"
    "X6)&)mOmjh7H9(PgY6(hLfgoNO>camlZh%F`)X#&V!Nv??pfBOu<zbK%R?C7|MSpreE;{O)40~l3"
    "0h1Wp$xlOd48-68BoomTCi^5%C|b2Kr2^-$Bi&_wH4rZW39~sgg#zAyF$_e@qE!3!J#j~A%IilSX"
    "P9SbgXeaAoRrox41X-bu<!&txyNVo(s^%N55ld^Rw3BLL=W?A0Y-iOw>rYB6UfytkA)%p#FiAoVU"
    "QKle5<weyq3tSO@u~c2(^Qdp%Di6BkOm&uxrufgKk6WwWi{YPqD|B8nzJ9mCsL_l;!`c^oN%U!b6"
    "|tJlHG5e7S!G5pwR!UVhN*-Xz-`)X%sOd^9DmW%uMm+Wc>df#Oeuuk?<Il~^mJ-mH|B&3V(-OIUF"
    "pME(fFZD9=7$p2gkhFYyJ7aP!`}E>gud6_$LMKTrmf^Exts}x#KkC76;Fr`!6o|yWvxs&a+tfbxL"
    "1SmT8+WB$7iog4p73Ffv5}(|P~QDbDESvjZ{%Uwa(I;-HdCde=83u~hbhU%!K;q_Np5sn4CwWf%Y"
    "95Ngzz`?6Rb_oG2I!pg>hbT3_&BuA!BL@gpNZgK`wJvhI+ZJE5sE_Hd2P(-a;gH;Mf6lbEW3;FmQ"
    "0OfnGmJ`r-D0*QTQ*I=8yA4E1_*UqtNGt^d{x{|U6)z#~WAh~nc#^*=Gp^uLt(2a*4#u=;6VuGN)"
    "3=6yXWI#JWa5INYn%ywbSO?n(U#*xk9rY;qP$1P3h*zDg-f(S#F)Y0z;^wp5XeZAO&5abm}DYkI%"
    "Rv^Ch=6XLm0nkGi#+=v9;Yd@0So&*^(mCN<f(SfEvtw<fXr#;T<@1RwPW=r0`L=09eTEp2{oJV$a"
    "8kt+iOI)>uRT!u@1V)x{)aXD8tKT0B-ou<S^m1=18l>35z;I+*_*+@d3Rkg8d{7A<|Nn9p--%oC@"
    "yl;Fbp|-A3uN-8gJ&o-D;l8mFVoO8DgC}!uBopy&AjvQ#ES)*}l!|4@}*ihx+T-@gQvJ5Y1OE{7%"
    "9`8tt=FS4qb{M(SjzHBHmb^_j|!x%#y+GV7#bEj$J4d0~BjZYcih=qneeQqPZN&(A)LxbPG{+i7y"
    "QBq4h+WQW<YIo8(SYZ{tv9Kief?C<OEzF2=f>6gJ&A5DdyV7^WZZMTaoPMIHhENh#fIw@~OQfAi6"
    "9p2#`-r*hI;T_)L9p2#`-r*hI;T_)L|1s1&&X8{0^?t*pYj??XIq8t`%QV2ZOlrM7xeqH*ByvP@f"
    "wb+G6YpnMdbwFD?##D!=?;+j=7e7VUT1^fz2GWHa`pIMq@sU1S3PL1`T0!4zIr}0rY{urhvXTVYt"
    "{N6Kc$}!`4M^dQL}*Qep4%^-leYH$|o1{Eldu3ltIX)XlQNL%hFb%JbzzOj_&y+KcrmyoRF-zU_;"
    "@~OR=7pdRNHX<r!>{^n<VhO^xoRDgDk;lDnmXH_N|H(Kv^J8E9`eKsTc~`q^^Sx54g+8b+59a5Nh"
    "`8sower+V3+nvX`JK-#lM(lT8GhvMpe3+!+-Qp8a36F__!nK&*;62p8!rt^?+x1958-PT;gxk)*%"
    "4d>C)v`pXzlA4SRB2D_$o6U`|F<O2fN&k|AQ4=bdOP?FgVn^{NON-Z+Y0B!opcxiKMY3$*JmFT8("
    "xf(~5k{M9JH0wIqL*6TxPl{n#SHUp`kjp$Y67H~&R@~*P6mfDNs!I&YC^0S-_8c9NfgGJvE>tu{n"
    "s~*>q`~8LO?fbydchAHPP!53`!c^PEximHMvmbYHrrr&MVlH+XY!zF7&Zg7kzz=VU&_c#+z{y;Xd"
    "11JEaLW+vF<+vTsP64FRcf+S+|F)?~cV;hLRX(w`e=FUW80MNq-o<<NmsR1j{;&d!)tyO`eltqn1"
    "%VC$T7?#3IX8YpgG^R^?&TP0HrQh+q4vAnM>H#BZ$1lgHG_&VB1NwF<Sn&uiBd}29;UoG7$mvUjM"
    "SN^7CEYOOK%ovoJ0EO30-4L`Y5F!GPOy4AGY(}TRhP>#X9zY!Y@G;4jkeeFHh=i%Qh;2A$>gv74a"
    "m2aVVh*PVZ;XEDGkp-HeM6T9i+P}r1yt4B>Nn3ulRkMa!*2J`{ydc8=%@b_z)iWxHjpHBaubDo)|"
    "0m*dY;fFixC|M*Q?JFl!s|<c3)i$67^DYvn>&J5OPLKLcT8dj&%oPm!iALh^cW@0t^21ah$wQJDn"
    "$UsqbdDn&=noKHV7n*#4u=W8u`U5vRFX*8@!C`>9xacEr)y4ct~ENpEqr0sECOHZBIw4(-7oDC|a"
    "I!(@TE6%tFUN9irWJ@dCR0^@5lDj3LZ;GoS3t~_2wgU)DFl1ZxPDN|`&qcX!jy>ogDT|pO9N=$-q"
    "ya9y?Z3*@2Jt%}Ix75`{B1-59hb*Z)fQ~Wp9IPC+nE7ibwS~xYMAslv`XWbmjvPEg&?de<R+!%#4"
    "xQ2B(&Lg)=6YaQ&%pvkaYUw(t92_racUIn{_HIj4|7d))Fq7wuz{&W?#hj`7EGa$R)A$fb`;ep`%"
    "Iw1t9jgRj6=+dQ4UoiGev}{^vsL@ucZ$jb#XJ5O6=(}D1_!cMY4I3VuqeFT8vFep(j2L7!b=s|L}"
    "nKLwY`)HEXt`3{}uKbcCDh&Ikvx!W`A;R$*iN#`QEpa{)N&I-55@FLM(-cC76&nZoK)yODFXzv)_"
    "3s;Q~Jak3+=V@SzKP;6!4Qd=4$AZB2uVUbfgr;8mu>|OK4v%@x6zx%##^x^7Z?z*o1?_G}#LYeow"
    "ZWjB7VE!L8!MVu"
)

# Break opportunities between two adjacent non-space characters (row: the character
# before, column: the one after) as libunistring 1.0 decides them: D = break allowed,
# I = break allowed only if spaces come between, P = never. Measured from the library.
_PAIRS = """
    AL  B2  BA  BB  CL  CP  EB  EM  EX  GL  H2  H3  HL  HY  ID  IN  IS  JL  JT  JV  NS  NU  OP  OPW PO  PR  QU  RI  SY  WJ
AL  I   D   I   D   P   P   D   D   P   I   D   D   I   I   D   I   P   D   D   D   I   I   I   D   I   I   I   D   P   P
B2  D   P   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   D   D   I   D   P   P
BA  D   D   I   D   P   P   D   D   P   D   D   D   D   I   D   I   P   D   D   D   I   D   D   D   D   D   I   D   P   P
BB  I   I   I   I   P   P   I   I   P   I   I   I   I   I   I   I   P   I   I   I   I   I   I   I   I   I   I   I   P   P
CL  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   P   D   D   D   I   I   I   D   P   P
CP  I   D   I   D   P   P   D   D   P   I   D   D   I   I   D   I   P   D   D   D   I   I   D   D   I   I   I   D   P   P
EB  D   D   I   D   P   P   D   I   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   I   D   I   D   P   P
EM  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   I   D   I   D   P   P
EX  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   D   D   I   D   P   P
GL  I   I   I   I   P   P   I   I   P   I   I   I   I   I   I   I   P   I   I   I   I   I   I   I   I   I   I   I   P   P
H2  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   I   I   I   D   D   D   I   D   I   D   P   P
H3  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   I   D   I   D   D   D   I   D   I   D   P   P
HL  I   D   I   D   P   P   D   D   P   I   D   D   I   I   D   I   P   D   D   D   I   I   I   D   I   I   I   D   P   P
HY  D   D   I   D   P   P   D   D   P   D   D   D   D   I   D   I   P   D   D   D   I   I   D   D   D   D   I   D   P   P
ID  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   I   D   I   D   P   P
IN  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   D   D   I   D   P   P
IS  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   I   D   D   D   D   I   D   P   P
JL  D   D   I   D   P   P   D   D   P   I   I   I   D   I   D   I   P   I   D   I   I   D   D   D   I   D   I   D   P   P
JT  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   I   D   I   D   D   D   I   D   I   D   P   P
JV  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   I   I   I   D   D   D   I   D   I   D   P   P
NS  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   D   D   I   D   P   P
NU  I   D   I   D   P   P   D   D   P   I   D   D   I   I   D   I   P   D   D   D   I   I   I   D   I   I   I   D   P   P
OP  P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P
OPW P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P   P
PO  I   D   I   D   P   P   D   D   P   I   D   D   I   I   D   I   P   D   D   D   I   I   I   I   D   D   I   D   P   P
PR  I   D   I   D   P   P   I   I   P   I   I   I   I   I   I   I   P   I   I   I   I   I   I   I   D   D   I   D   P   P
QU  I   I   I   I   P   P   I   I   P   I   I   I   I   I   I   I   P   I   I   I   I   I   P   P   I   I   I   I   P   P
RI  D   D   I   D   P   P   D   D   P   I   D   D   D   I   D   I   P   D   D   D   I   D   D   D   D   D   I   I   P   P
SY  D   D   I   D   P   P   D   D   P   I   D   D   I   I   D   I   P   D   D   D   I   I   D   D   D   D   I   D   P   P
WJ  I   I   I   I   P   P   I   I   P   I   I   I   I   I   I   I   P   I   I   I   I   I   I   I   I   I   I   I   P   P
"""


def _decode_table() -> tuple[list[int], str, str]:
    starts: list[int] = []
    classes: list[str] = []
    widths: list[str] = []
    names = "|".join(sorted(_CLASS_NAMES, key=len, reverse=True))
    run = re.compile(rf"([0-9a-f]+)({names})([012])")
    code_point = 0
    for token in zlib.decompress(base64.b85decode("".join(_TABLE_DATA))).decode("ascii").split():
        match = run.fullmatch(token)
        if match is None:
            raise RuntimeError(f"corrupt Unicode table entry {token!r}")
        starts.append(code_point)
        classes.append(_LETTER[match.group(2)])
        widths.append(match.group(3))
        code_point += int(match.group(1), 16)
    if code_point != 0x110000:
        raise RuntimeError("Unicode table does not cover all code points")
    return starts, "".join(classes), "".join(widths)


class _RunLookup(dict[int, str]):
    """A `str.translate` table computed on demand from code point runs."""

    def __init__(self, starts: list[int], values: str) -> None:
        super().__init__()
        self._starts = starts
        self._values = values
        for code_point in range(128):
            self[code_point] = self.__missing__(code_point)

    def __missing__(self, code_point: int) -> str:
        value = self._values[bisect_right(self._starts, code_point) - 1]
        self[code_point] = value
        return value


_STARTS, _RUN_CLASSES, _RUN_WIDTHS = _decode_table()
_CLASS_OF = _RunLookup(_STARTS, _RUN_CLASSES)  # text.translate(_CLASS_OF) -> class letters
_WIDTH_OF = _RunLookup(_STARTS, _RUN_WIDTHS)  # text.translate(_WIDTH_OF) -> "0"/"1"/"2"


def _parse_pairs() -> dict[tuple[str, str], str]:
    header, *rows = _PAIRS.strip().splitlines()
    columns = header.split()
    table: dict[tuple[str, str], str] = {}
    for row in rows:
        name, *cells = row.split()
        for column, cell in zip(columns, cells, strict=True):
            table[_LETTER[name], _LETTER[column]] = cell
    return table


_PAIR = _parse_pairs()
_L = _LETTER


def _cp1252_tables() -> tuple[bytes, bytes, bytes]:
    """Byte tables for text that encodes to cp1252 (Latin scripts, typographic punctuation)."""
    classes, widths = bytearray(256), bytearray(256)
    for byte in range(256):
        code_point = ord(bytes([byte]).decode("cp1252", errors="replace"))
        classes[byte] = ord(_CLASS_OF[code_point])
        widths[byte] = int(_WIDTH_OF[code_point])
    return bytes(classes), bytes(widths), bytes(b for b in range(256) if widths[b] == 1)


_CP1252_CLASSES, _CP1252_WIDTHS, _CP1252_ONE_COLUMN = _cp1252_tables()

# --- break opportunities (UAX #14 as in libunistring 1.0) -------------------------------


def _character_set(letters: Iterable[str]) -> str:
    return "[" + "".join(sorted(letters)) + "]"


def _fast_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes over a class string that find break opportunities, forwards and backwards.

    Valid for class strings without BK, CM, ZW, ZWJ and RI (those need the state machine):
    then a break depends only on the nearest non-space class before it, whether spaces
    came between, and the class after it - plus LB21a (no break after HL followed by
    HY or BA). The forward regex's matches end at the opportunities (a match starts at
    the last non-space character before one); the backward regex, run on the reversed
    class string, matches (empty) exactly at the mirrored opportunities.
    """
    sp, al, hl = _L["SP"], _L["AL"], _L["HL"]
    simple = [_L[name] for name in _CLASS_NAMES if name not in ("BK", "CM", "ZW", "ZWJ", "RI", "SP")]
    forward: list[str] = []
    backward: list[str] = []
    for spaced, allowed in ((False, ("D",)), (True, ("D", "I"))):
        groups: dict[tuple[bool, str], list[str]] = {}
        for before in simple:
            targets = _character_set(after for after in simple if _PAIR[before, after] in allowed)
            if targets != "[]":
                guarded = not spaced and before in (_L["HY"], _L["BA"])
                groups.setdefault((guarded, targets), []).append(before)
        for (guarded, targets), befores in groups.items():
            gap = sp + "+" if spaced else ""
            forward.append(f"{f'(?<!{hl})' if guarded else ''}{_character_set(befores)}{gap}(?={targets})")
            backward.append(f"(?<={targets})(?={gap}{_character_set(befores)}{f'(?!{hl})' if guarded else ''})")
    # Nothing can match inside a word (AL AL) or next to a space on the wrong side.
    return (
        re.compile(f"(?!{sp}|{al}{al})(?:{'|'.join(forward)})"),
        re.compile(f"(?<!{sp})(?!(?<={al}){al})(?:{'|'.join(backward)})"),
    )


_FAST_BREAKS, _FAST_BREAKS_BACKWARD = _fast_patterns()
_NEEDS_STATE_MACHINE = re.compile(_character_set(_L[name] for name in ("BK", "CM", "ZW", "ZWJ", "RI")))


def _state_machine_breaks(classes: str) -> tuple[list[int], list[int]]:
    """(opportunities, mandatory breaks) of a class string, rule by rule like libunistring 1.0."""
    sp, bk, zw, cm, zwj, ri, hl = (_L[n] for n in ("SP", "BK", "ZW", "CM", "ZWJ", "RI", "HL"))
    hyphens = (_L["HY"], _L["BA"])
    al = _L["AL"]
    opportunities: list[int] = []
    mandatory: list[int] = []
    last = bk  # class of the last non-space character, with CM/ZWJ attached to its base
    seen_space = False
    before_previous = previous = bk  # classes of the two characters just before
    regional_run = 0  # regional indicators immediately before
    for position, cls in enumerate(classes):
        if cls == bk:
            mandatory.append(position)
            last, seen_space = bk, False
        elif cls == sp:
            seen_space = True
        elif cls == zw:
            last, seen_space = zw, False
        elif cls in (cm, zwj):
            if last == bk:
                last, seen_space = al, False
            elif last == zw or seen_space:
                opportunities.append(position)
                last, seen_space = al, False
        else:
            if last == bk:
                allowed = False
            elif last == zw:
                allowed = True
            elif previous == zwj or (before_previous == hl and previous in hyphens):
                allowed = False
            elif last == ri and cls == ri:
                allowed = seen_space or regional_run % 2 == 0
            else:
                pair = _PAIR[last, cls]
                allowed = pair == "D" or (pair == "I" and seen_space)
            if allowed:
                opportunities.append(position)
            last, seen_space = cls, False
        before_previous, previous = previous, cls
        regional_run = regional_run + 1 if cls == ri else 0
    return opportunities, mandatory


class _Listed:
    """Break opportunities given as a sorted list."""

    def __init__(self, opportunities: list[int]) -> None:
        self._positions = opportunities

    def last_in(self, low: int, high: int) -> int | None:
        index = bisect_right(self._positions, high) - 1
        return self._positions[index] if index >= 0 and self._positions[index] > low else None

    def first_after(self, high: int) -> int | None:
        index = bisect_right(self._positions, high)
        return self._positions[index] if index < len(self._positions) else None


class _Scanned:
    """Break opportunities of a simple class string, found by regex only where needed."""

    def __init__(self, classes: str, forbidden: frozenset[int]) -> None:
        self._classes = classes
        self._reversed = classes[::-1]
        self._forbidden = forbidden

    def last_in(self, low: int, high: int) -> int | None:
        size = len(self._classes)
        position = size - high
        while True:
            match = _FAST_BREAKS_BACKWARD.search(self._reversed, position, size - low)
            if match is None:
                return None
            found = size - match.start()
            if found > low and found not in self._forbidden:
                return found
            position = match.start() + 1

    def first_after(self, high: int) -> int | None:
        start = min(high, len(self._classes) - 1)
        while start > 0 and self._classes[start] == _L["SP"]:
            start -= 1  # a match begins at the last non-space character before its break
        for match in _FAST_BREAKS.finditer(self._classes, start):
            if match.end() > high and match.end() not in self._forbidden:
                return match.end()
        return None


class Portion:
    """An escaped string portion and where msgcat starts new lines in it.

    Greedy filling as in libunistring's u8_width_linebreaks: a line takes pieces (text
    between two opportunities, trailing spaces included) while they fit in `width`
    columns, but always at least one; a mandatory break (U+0085, U+2028, U+2029) restarts
    the column count without starting a new output line.
    """

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self._width = width
        self._analysis: tuple[list[int] | None, _Listed | _Scanned, list[int]] | None = None

    def breaks(self, start_column: int, first_only: bool = False) -> list[int]:
        """Positions where new lines start (with `first_only`, just the first one, if any)."""
        text, width = self.text, self._width
        if start_column + len(text) <= width and text.isascii() and text.isprintable():
            return []
        columns, finder, segments = self._analyse()
        if start_column + (len(text) if columns is None else columns[-1]) <= width:
            return []
        breaks: list[int] = []
        segment_start, column = 0, start_column
        for segment_end in segments:
            _fill(finder, columns, segment_start, segment_end, column, width, breaks, first_only)
            if breaks and first_only:
                break
            segment_start, column = segment_end + 1, 0  # the break character takes no column
        return breaks

    def _analyse(self) -> tuple[list[int] | None, _Listed | _Scanned, list[int]]:
        """(column at each position or None if one per character, opportunities, segment ends)."""
        if self._analysis is None:
            text = self.text
            try:
                raw = text.encode("cp1252")
            except UnicodeEncodeError:
                widths = text.translate(_WIDTH_OF)
                columns = [0, *accumulate(map(int, widths))] if "0" in widths or "2" in widths else None
                classes = text.translate(_CLASS_OF)
            else:
                columns = [0, *accumulate(raw.translate(_CP1252_WIDTHS))] if raw.translate(None, _CP1252_ONE_COLUMN) else None
                classes = raw.translate(_CP1252_CLASSES).decode("ascii")
            forbidden: frozenset[int] = frozenset()
            if "\\" in text:
                # No break inside an escape sequence, nor before the `\n` that ends a portion.
                forbidden = frozenset(match.start() + 1 for match in re.finditer(r"\\.", text, re.DOTALL))
                if text.endswith("\\n"):
                    forbidden |= {len(text) - 2}
            if _NEEDS_STATE_MACHINE.search(classes):
                opportunities, mandatory = _state_machine_breaks(classes)
                listed = _Listed([p for p in opportunities if p not in forbidden])
                self._analysis = (columns, listed, [*mandatory, len(text)])
            else:
                self._analysis = (columns, _Scanned(classes, forbidden), [len(text)])
        return self._analysis


def _fill(
    finder: _Listed | _Scanned,
    columns: list[int] | None,
    start: int,
    end: int,
    column: int,
    width: int,
    breaks: list[int],
    first_only: bool,
) -> None:
    line_start = start
    while True:
        limit = width - column + (line_start if columns is None else columns[line_start])
        if (end if columns is None else columns[end]) <= limit:
            return
        high = limit if columns is None else bisect_right(columns, limit) - 1
        high = max(high, line_start)
        chosen = finder.last_in(line_start, high)
        if chosen is None:
            chosen = finder.first_after(high)
            if chosen is None or chosen >= end:
                return
        breaks.append(chosen)
        if first_only:
            return
        line_start, column = chosen, 0
