"""Newspaper page PDFs of our own, drawn with reportlab, for the PDF tests and bench/pdf.py.

Why generate instead of shipping real e-paper PDFs: we own every word (no copyright
question), the layout is known exactly, and each page can put a feature where a test
needs it. All text, names and numbers are invented; places are real Gansu places.

The pages imitate a regional daily: a header band above a full-width rule, five 13-
character columns of 9 pt body text, headlines in large bold type, rules between
articles, photo boxes (drawn rectangles) with captions under them, a framed commentary
and a footer. Text uses reportlab's built-in CID font STSong-Light, which pdfplumber
maps back to the right Unicode (no font file needed). Headings use the same glyphs
under a bold font name (STSong-Light,Bold), the way real pages name heavier faces.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable

from reportlab.pdfbase import cidfonts, pdfmetrics
from reportlab.pdfgen import canvas

SONG = "STSong-Light"
BOLD = "STSong-Light-Bold"
W, H = 700.0, 1000.0
MARGIN = 30.0
COL_W = 117.0  # 13 characters of 9 pt
GUTTER = 13.75
BODY, PITCH = 9.0, 13.5


class _BoldSong(cidfonts.UnicodeCIDFont):
    """STSong-Light glyphs under a bold font name (reportlab has no bold CJK face)."""

    def __init__(self) -> None:
        super().__init__(SONG)
        self.name = self.fontName = BOLD

    def addObjects(self, doc) -> None:  # noqa: N802 - reportlab's name
        internal = "F" + repr(len(doc.fontMapping) + 1)
        spec = copy.deepcopy(cidfonts.CIDFontInfo[self.face.name])
        spec.update(Name="/" + internal, Encoding="/" + self.encodingName, BaseFont="/STSong-Light,Bold")
        spec["DescendantFonts"][0]["BaseFont"] = "/STSong-Light,Bold"
        spec["DescendantFonts"][0]["FontDescriptor"]["FontName"] = "/STSongStd-Light,Bold"
        ref = doc.Reference(cidfonts.structToPDF(spec), internal)
        doc.idToObject["BasicFonts"].dict[internal] = ref
        doc.fontMapping[self.name] = "/" + internal


def _register() -> None:
    if SONG not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(cidfonts.UnicodeCIDFont(SONG))
        pdfmetrics.registerFont(_BoldSong())


def col_x(i: int) -> float:
    return MARGIN + i * (COL_W + GUTTER)


def span(first: int, last: int) -> tuple[float, float]:
    return col_x(first), col_x(last) + COL_W


_NO_LINE_START = set("，。、；：！？）》”’」』")


def wrap(paras: list[str], width: float, size: float = BODY, font: str = SONG, indent: int = 2) -> list[tuple[str, float, bool]]:
    """Lines (text, x offset, justified) of paragraphs set in a column: first lines
    indented, closing punctuation never starting a line (the character before it moves
    down too), every line but a paragraph's last spread to the full width."""
    lines: list[tuple[str, float, bool]] = []
    for para in paras:
        offset = indent * size
        line = ""
        for ch in para:
            if line and pdfmetrics.stringWidth(line + ch, font, size) > width - offset:
                carry = ""
                if ch in _NO_LINE_START:
                    line, carry = line[:-1], line[-1]
                lines.append((line, offset, True))
                line, offset = carry, 0.0
            line += ch
        if line:
            lines.append((line, offset, False))
    return lines


class Sheet:
    """One page; y is measured from the top (reportlab's is from the bottom)."""

    def __init__(self, c: canvas.Canvas):
        self.c = c

    def text(self, x: float, top: float, s: str, size: float = BODY, font: str = SONG, width: float = 0.0) -> None:
        """Draw s with its top at `top`; width > 0 spreads the characters to that width."""
        t = self.c.beginText(x, H - top - size * 0.88)
        t.setFont(font, size)
        spread = width and len(s) > 1
        # Tc belongs to the graphics state and outlives the text object: always set it.
        t.setCharSpace((width - pdfmetrics.stringWidth(s, font, size)) / (len(s) - 1) if spread else 0)
        t.textOut(s)
        self.c.drawText(t)

    def centred(self, x0: float, x1: float, top: float, s: str, size: float, font: str = SONG) -> None:
        w = pdfmetrics.stringWidth(s, font, size)
        self.text(x0 + (x1 - x0 - w) / 2, top, s, size, font)

    def right(self, x1: float, top: float, s: str, size: float = BODY, font: str = SONG) -> None:
        self.text(x1 - pdfmetrics.stringWidth(s, font, size), top, s, size, font)

    def headline(self, lines: list[str], x0: float, x1: float, top: float, size: float, font: str = BOLD) -> float:
        for i, line in enumerate(lines):
            self.centred(x0, x1, top + i * size * 1.25, line, size, font)
        return top + len(lines) * size * 1.25

    def vertical(self, s: str, x: float, top: float, size: float) -> float:
        for i, ch in enumerate(s):
            self.text(x, top + i * size * 1.1, ch, size, BOLD)
        return top + len(s) * size * 1.1

    def hrule(self, x0: float, x1: float, y: float, width: float = 0.6) -> None:
        self.c.setLineWidth(width)
        self.c.line(x0, H - y, x1, H - y)

    def vrule(self, x: float, y0: float, y1: float, width: float = 0.6) -> None:
        self.c.setLineWidth(width)
        self.c.line(x, H - y0, x, H - y1)

    def box(self, x0: float, y0: float, x1: float, y1: float, fill: float | None = None) -> None:
        self.c.setLineWidth(0.8)
        if fill is not None:
            self.c.setFillGray(fill)
        self.c.rect(x0, H - y1, x1 - x0, y1 - y0, stroke=1, fill=fill is not None)
        self.c.setFillGray(0)

    def photo(self, x0: float, x1: float, top: float, height: float) -> float:
        """A photo placeholder: a grey rectangle with a horizon line, as e-paper PDFs
        draw image frames; returns its bottom."""
        self.box(x0, top, x1, top + height, fill=0.82)
        self.c.setStrokeGray(0.5)
        self.c.line(x0 + 8, H - top - height * 0.7, x1 - 8, H - top - height * 0.45)
        self.c.setStrokeGray(0)
        return top + height

    def flow(self, paras: list[str], frames: list[tuple[float, float, float, int]], *,
             size: float = BODY, font: str = SONG, subheads: frozenset[str] = frozenset()) -> float:
        """Set paragraphs through column frames (x0, x1, top, rows); a paragraph named in
        subheads is a centred bold line with half a line above and below. Returns the
        lowest y reached."""
        k, row, low = 0, 0.0, 0.0
        for para in paras:
            if para in subheads:
                row += 0.5 if row else 0
                x0, x1, top, _rows = frames[k]
                self.centred(x0, x1, top + row * PITCH, para, size, BOLD)
                row += 1.5
                continue
            for text, offset, full in wrap([para], frames[k][1] - frames[k][0], size, font):
                if row >= frames[k][3]:
                    k, row = k + 1, 0
                x0, x1, top, _rows = frames[k]
                self.text(x0 + offset, top + row * PITCH, text, size, font, (x1 - x0 - offset) if full else 0.0)
                row += 1
                low = max(low, top + row * PITCH)
        return low

    def header(self, left: str, centre: str, right: str) -> None:
        self.text(MARGIN, 34, left)
        self.centred(MARGIN, W - MARGIN, 30, centre, 14, BOLD)
        self.right(W - MARGIN, 34, right)
        self.hrule(MARGIN, W - MARGIN, 52, 1.2)


def rows_for(paras: list[str], columns: int, width: float = COL_W) -> int:
    return -(-len(wrap(paras, width)) // columns)


def build(pages: list[Callable[[Sheet], None]], *, title: str | None = None, encrypt: object = None) -> bytes:
    """A PDF of the given page painters (one page each)."""
    _register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H), encrypt=encrypt, invariant=1)
    if title:
        c.setTitle(title)
    for paint in pages:
        paint(Sheet(c))
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned() -> bytes:
    """A page that is only a picture of a page (a scan): no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (350, 500), 245)
    draw = ImageDraw.Draw(img)
    for row in range(20, 480, 9):
        for col in (20, 125, 230):
            draw.line((col, row, col + 95, row), fill=90, width=3)
    return build([lambda s: s.c.drawImage(ImageReader(img), 0, 0, width=W, height=H)])


def cols(first: int, last: int, top: float, rows: int, xs: list[float] | None = None, cw: float = COL_W) -> list:
    """Column frames (x0, x1, top, rows) for Sheet.flow, on the page grid or on xs."""
    return [((xs[i] if xs else col_x(i)), (xs[i] if xs else col_x(i)) + cw, top, rows) for i in range(first, last + 1)]


def caption(s: Sheet, x0: float, x1: float, top: float, text: str, credit: str | None = None) -> float:
    """A caption in 8.5 pt under a photo, the credit right-aligned on a line of its own."""
    lines = wrap([text], x1 - x0, 8.5, indent=0)
    for i, (line, _off, full) in enumerate(lines):
        s.text(x0, top + i * 12, line, 8.5, width=(x1 - x0) if full else 0.0)
    y = top + len(lines) * 12
    if credit:
        s.right(x1, y, credit, 8.5)
        y += 12
    return y


# --- front.pdf: page 1 of the 2024-05-14 edition --------------------------------------

A_KICKER = "聚焦春耕备耕"
A_TITLE = "张掖百万亩制种玉米完成播种"
A_BODY = [
    "本报张掖讯（记者马文斌 通讯员李娟）连日来，张掖市各制种企业和种植户抢抓墒情，全力推进制种玉米播种。截至5月12日，全市一百一十万亩制种玉米全部完成播种，比去年同期提前五天。",
    "在甘州区党寨镇的制种基地里，播种机来回穿梭，覆膜、铺管、点种一次完成。种植户王建国告诉记者，今年他和企业签订了八十亩订单，种子、化肥都由企业统一供应，收购价格也提前定了下来，心里很踏实。",
    "为保障种子质量，张掖市农业农村部门组建了二十个技术服务小组，分片包干深入田间地头，指导农户落实隔离、去杂等关键措施。同时，市场监管部门对全市种子经营门店开展专项检查，严厉打击套牌侵权等违法行为。",
    "张掖是全国最大的玉米制种基地，所产种子占全国大田玉米用种量的一半左右。今年，当地将继续推进制种基地标准化建设，力争新建高标准制种田五万亩。",
]
PHOTO1 = "5月13日，榆中县一处蔬菜基地里，农户正在移栽西兰花苗。"
B_TITLE = ["临夏州新建", "高标准农田", "十二万亩"]
B_BODY = ["本报临夏讯（记者韩雪）今年以来，临夏州统筹整合涉农资金，在八个县市新建高标准农田十二万亩。项目区全部配套节水灌溉设施，亩均节水三成以上。目前，已建成项目区内的春小麦长势良好。"]
C_TITLE = ["兰州新区春季招聘会", "提供岗位三千余个"]
C_BODY = [
    "5月11日，兰州新区春季大型招聘会在新区人力资源市场举行。一百二十余家企业带来岗位三千余个，涵盖化工、装备制造、现代物流等多个行业，吸引两千多名求职者到场。",
    "招聘会现场设置了政策咨询、技能培训报名等服务台，工作人员为求职者讲解就业补贴和创业贷款政策。新区一家新材料企业的人事负责人说，当天上午就收到了六十多份简历，初步达成意向的有二十多人。",
    "据了解，今年以来兰州新区已举办各类招聘活动十五场，帮助一千八百多人实现就业。",
]
D_TITLE = "天水花牛苹果进入疏果关键期"
D_SUBTITLE = "——麦积区组织农技人员分片指导"
D_BODY = [
    "本报讯（记者吴晓东）眼下，天水市麦积区八万多亩花牛苹果进入疏花疏果关键期。连日来，区农业技术推广中心组织三十多名农技人员分片包村，到果园开展现场指导。",
    "“疏果要留中心果，去掉边果和小果，每二十厘米留一个果就够了。”在花牛镇二十里铺村，农技人员一边示范一边讲解。果农张小红说，按照专家教的方法疏果，果子个头大、品相好，每斤能多卖一块钱。",
    "今年，麦积区还在十个村推广果园水肥一体化和生物防治技术，带动果农减少化肥农药用量，提高苹果品质。",
    "区农业农村局负责人表示，将持续做好花果管理、病虫害防控等技术服务，确保今年苹果丰产丰收。",
]
PHOTO2 = "果农在麦积区花牛镇的果园里疏果。"


def front_page(s: Sheet, header_date: bool = True) -> None:
    s.header("2024年5月14日 星期二" if header_date else "星期二", "要闻", "第1版 责任编辑：杨帆")
    x0, x1 = span(0, 2)
    s.centred(x0, x1, 64, A_KICKER, 12)
    s.headline([A_TITLE], x0, x1, 82, 24)
    a_low = s.flow(A_BODY, cols(0, 2, 122, rows_for(A_BODY, 3)))
    p0, p1 = span(3, 4)
    y = caption(s, p0, p1, s.photo(p0, p1, 62, 118) + 6, PHOTO1, "记者 杜明 摄")
    s.hrule(p0, p1, y + 4)
    s.headline(B_TITLE, col_x(3), col_x(3) + COL_W, y + 14, 18)
    b_low = s.flow(B_BODY, cols(4, 4, y + 14, 99))
    top = max(a_low, b_low) + 10
    s.vrule(col_x(3) - GUTTER / 2, 58, top - 4)
    s.hrule(MARGIN, W - MARGIN, top)
    x0, x1 = span(0, 1)
    y = s.headline(C_TITLE, x0, x1, top + 10, 18)
    s.centred(x0, x1, y + 4, "本报记者 周国华 实习生 韦佳", BODY)
    c_low = s.flow(C_BODY, cols(0, 1, y + 26, rows_for(C_BODY, 2)))
    x0, x1 = span(2, 4)
    s.headline([D_TITLE], x0, x1, top + 10, 20)
    s.centred(x0, x1, top + 40, D_SUBTITLE, 12)
    body_top = top + 62
    photo_rows = 8
    rows = -(-(len(wrap(D_BODY, COL_W)) + photo_rows) // 3)
    caption(s, col_x(4), col_x(4) + COL_W, s.photo(col_x(4), col_x(4) + COL_W, body_top + 2, 62) + 5, PHOTO2)
    frames = [*cols(2, 3, body_top, rows), (col_x(4), col_x(4) + COL_W, body_top + photo_rows * PITCH, rows - photo_rows)]
    d_low = s.flow(D_BODY, frames)
    s.vrule(col_x(2) - GUTTER / 2, top + 4, max(c_low, d_low))


# --- local.pdf: pages 2 and 3 of the 2024-06-03 edition --------------------------------

E_TITLE = "酒泉风光电装机创新高"
E_BODY = [
    "本报酒泉讯（记者杨帆）记者从酒泉市能源局获悉，截至5月底，酒泉市风电、光伏发电装机总量达到二千一百万千瓦，占全市电力总装机的八成以上。",
    "今年以来，酒泉市加快推进一批风光电项目建设，瓜州、玉门等地多个百万千瓦级基地陆续并网发电。与此同时，当地配套建设储能电站和输电线路，新能源消纳能力明显提升。",
    "在肃北县马鬃山一处风电场，数十台风机迎风转动。项目负责人介绍，这些风机单机容量大、发电效率高，全部投运后每年可发电四十多亿千瓦时。",
    "下一步，酒泉市将围绕打造国家重要的新能源基地，继续引进装备制造企业，推动新能源产业链向上下游延伸。",
]
PHOTO3 = "连日来，甘南州合作市的牧民赶着牛羊从冬春草场转往夏季牧场。今年，合作市对二十多万亩退化草原实施补播改良，草原综合植被盖度稳步提高。图为牧民在当周草原上放牧。"
BRIEFS = [
    ("永登农村供水工程开工", "近日，永登县农村供水保障工程正式开工。工程将新建和改造供水管网一百二十公里，惠及十个乡镇三万多名群众，预计年底前完工。（王冠华）", None),
    ("康乐县开展林草防火演练", "日前，康乐县在莲麓镇林区开展森林草原防火应急演练。演练模拟林区突发火情，扑火队员快速集结、分组扑救，检验了各部门协同处置能力。", "（通讯员 马小军）"),
    ("文县直播带火高山茶", "近日，陇南市文县举办茶叶直播带货活动，十余名主播走进茶园，向网友推介当地高山绿茶。活动当天线上销售额突破五十万元。", "（赵丽 何芳）"),
    ("平凉新增停车位八百个", "今年以来，平凉市利用边角空地和闲置场地新建公共停车场九处，新增停车位八百个，缓解了老城区停车难问题。（侯军）", None),
    ("白银举办职业技能大赛", "5月下旬，白银市第五届职业技能大赛在市技师学院开幕。大赛设焊工、电工、数控车工等十二个项目，吸引四百多名选手参赛。（冯晓梅）", None),
]
F_TITLE = "古浪移民新村日光温室喜获丰收"
F_SUBHEADS = frozenset({"科技帮扶 产量提上来", "订单销售 收入稳下来"})
F_BODY = [
    "初夏时节，走进古浪县黄花滩生态移民区富民新村，一排排日光温室整齐排列。棚内，西红柿挂满枝头，村民们正忙着采摘、装箱。",
    "科技帮扶 产量提上来",
    "“以前种棚不懂技术，一个棚一年收入不到两万元。”村民李玉兰说，县上请来农技专家常驻村里，从育苗、施肥到病虫害防治手把手教，现在一个棚一年能收入四万多元。",
    "订单销售 收入稳下来",
    "为解决销售难题，古浪县引进农产品流通企业与合作社签订收购协议，蔬菜成熟后直接装车运往兰州、西宁等地。今年，全村二百多座温室的蔬菜全部实现订单销售。",
    "富民新村党支部书记说，下一步将发展冷链仓储，延长产业链条，让移民群众的日子越过越红火。",
]
G_TITLE = "让群众办事更省心"
G_BODY = [
    "走进各地政务服务大厅，“一窗受理”“一次办好”已成为常态。群众少跑腿、数据多跑路，折射出政府服务理念的深刻转变。",
    "让群众办事更省心，既要在流程上做减法，也要在服务上做加法。对老年人等群体，要保留线下办理渠道，提供帮办代办服务；对企业关心的审批事项，要明确时限、公开进度，让办事过程看得见、可预期。",
    "服务好不好，群众说了算。各地应畅通评价渠道，把群众的意见建议作为改进工作的依据，以实实在在的成效赢得群众口碑。",
]


def local_page2(s: Sheet) -> None:
    s.header("2024年6月3日 星期一", "综合", "第2版 责任编辑：何静")
    rows = rows_for(E_BODY, 2)
    e_low = s.flow(E_BODY, cols(0, 1, 64, rows))
    s.vertical(E_TITLE, col_x(2), 66, 16)
    s.vrule(col_x(2) + 26, 58, max(e_low, 66 + 17.6 * len(E_TITLE)))
    y = caption(s, col_x(2) + 36, W - MARGIN, s.photo(col_x(2) + 36, W - MARGIN, 62, 150) + 6, PHOTO3, "通讯员 李娟 摄")
    top = max(e_low, y, 66 + 17.6 * len(E_TITLE)) + 10
    s.hrule(MARGIN, W - MARGIN, top)
    s.box(MARGIN, top + 6, MARGIN + 58, top + 24, fill=0.85)
    s.text(MARGIN + 5, top + 9, "陇原快讯", 12, BOLD)
    for i, (title, body, sign) in enumerate(BRIEFS):
        x0 = col_x(i)
        lines = wrap([title], COL_W, 10.5, BOLD, indent=0)
        for j, (line, _off, _full) in enumerate(lines):
            s.text(x0, top + 34 + j * 14, line, 10.5, BOLD)
        low = s.flow([body], [(x0, x0 + COL_W, top + 40 + len(lines) * 14, 99)])
        if sign:
            s.right(x0 + COL_W, low, sign)


def local_page3(s: Sheet) -> None:
    s.header("2024年6月3日 星期一", "县区", "第3版 责任编辑：何静")
    x0, x1 = span(0, 2)
    s.headline([F_TITLE], x0, x1, 66, 22)
    s.centred(x0, x1, 100, "记者 莫亚红 通讯员 贾斌", BODY)
    rows = -(-(len(wrap([p for p in F_BODY if p not in F_SUBHEADS], COL_W)) + 2 * len(F_SUBHEADS)) // 3)
    f_low = s.flow(F_BODY, cols(0, 2, 120, rows), subheads=F_SUBHEADS)
    g0, g1 = span(3, 4)
    s.headline([G_TITLE], g0, g1, 72, 16)
    s.centred(g0, g1, 96, "胡岩", BODY)
    g_low = s.flow(G_BODY, cols(3, 4, 116, rows_for(G_BODY, 2)))
    s.box(g0 - 6, 62, g1 + 6, g_low + 6)
    s.vrule(col_x(3) - GUTTER / 2 - 3, 58, max(f_low, g_low))
    s.hrule(MARGIN, W - MARGIN, 940, 1.0)
    s.text(MARGIN, 948, "地址：兰州市城关区庆阳路 邮编：730030 新闻热线：0931-8123456 广告许可证号：6200004000123")


# --- remix.pdf: written after the reader was built, to score it on a grid it was not
# tuned on: four 14-character columns of 10 pt, no rules at all (whitespace only, the
# header too), two titles side by side on one baseline, a photo across two columns in
# the middle of an article, a two-line title and subtitle in one column. Reuses the texts.

def remix_page(s: Sheet) -> None:
    cw, gut, size = 140.0, (W - 2 * MARGIN - 560) / 3, 10.0
    x = [MARGIN + i * (cw + gut) for i in range(4)]
    s.text(MARGIN, 30, "2024年5月14日 星期二")
    s.centred(MARGIN, W - MARGIN, 26, "视点", 14, BOLD)
    s.right(W - MARGIN, 30, "第4版")

    def rows(paras: list[str], k: int, extra: int = 0) -> int:
        return -(-(len(wrap(paras, cw, size)) + extra) // k)

    s.headline([G_TITLE], x[0], x[1] + cw, 60, 20)
    s.centred(x[0], x[1] + cw, 88, "胡岩", size)
    g_low = s.flow(G_BODY, cols(0, 1, 106, rows(G_BODY, 2), x, cw), size=size)
    s.headline(["".join(B_TITLE)], x[2], x[3] + cw, 60, 20)
    b_low = s.flow(B_BODY, cols(2, 3, 92, rows(B_BODY, 2), x, cw), size=size)
    top = max(g_low, b_low) + 30
    s.headline([C_TITLE[0] + C_TITLE[1]], x[0], x[2] + cw, top, 22)
    s.centred(x[0], x[2] + cw, top + 32, "本报记者 周国华 实习生 韦佳", size)
    body_top, photo_rows = top + 52, 8
    n = rows(C_BODY, 3, 2 * photo_rows)
    caption(s, x[1], x[2] + cw, s.photo(x[1], x[2] + cw, body_top, 66) + 6, PHOTO1, "记者 杜明 摄")
    below = body_top + photo_rows * PITCH
    s.flow(C_BODY, cols(0, 0, body_top, n, x, cw) + cols(1, 2, below, n - photo_rows, x, cw), size=size)
    y = s.headline(["天水花牛苹果进入", "疏果关键期"], x[3], x[3] + cw, top, 16)
    y = s.headline(["——麦积区组织农技", "人员分片指导"], x[3], x[3] + cw, y + 4, 13, SONG)
    s.flow(D_BODY, cols(3, 3, y + 8, 99, x, cw), size=size)


PAGES: dict[str, Callable[[], bytes]] = {
    "front": lambda: build([front_page]),
    "local": lambda: build([local_page2, local_page3]),
    "remix": lambda: build([remix_page]),
}


def pdf(name: str) -> bytes:
    """The named test PDF (tests/fixtures/pdf/<name>.expected.json describes it)."""
    return PAGES[name]()
