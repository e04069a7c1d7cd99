//! Character gates: which of the family's patterns can match a line at all, from one scan of
//! its characters.
//!
//! For each gated pattern, the syntax tree tells a set of characters of which every match holds
//! at least one (a literal's rarest character, a small class, the union over an alternation,
//! the cheapest part of a concatenation). A table maps every character to the patterns it may
//! open; one pass over a line ORs those bits into a mask, and a pattern whose bit is clear
//! cannot match the line, nor any part of it, so it is not run. A traditional character carries
//! the bits of its simplified form too, so the mask of a line covers its simplified reading.
//! Characters outside the Basic Multilingual Plane open every gate.
//!
//! Complexity: O(n) per line, one table look-up per character.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex_syntax::hir::{Class, Hir, HirKind};

/// Bits of the mask.
pub(crate) const TRAD: u64 = 1 << 0;
pub(crate) const TONE: u64 = 1 << 1;
pub(crate) const PAYWALL: u64 = 1 << 2;
pub(crate) const SENTENCE_CHROME: u64 = 1 << 3;
pub(crate) const INLINE: u64 = 1 << 4;
pub(crate) const WATERMARK: u64 = 1 << 5;
pub(crate) const COUNTER: u64 = 1 << 6;
pub(crate) const ADDRESS: u64 = 1 << 7;
pub(crate) const SITE_NAME: u64 = 1 << 8;
pub(crate) const LIST_HEADER: u64 = 1 << 9;
pub(crate) const DATE_ONLY: u64 = 1 << 10;
pub(crate) const SITE_PREFIX: u64 = 1 << 11;
pub(crate) const SLOGAN: u64 = 1 << 12;
/// Not a gate: the line holds whitespace.
pub(crate) const SPACE: u64 = 1 << 13;
pub(crate) const SENTENCE_LABEL: u64 = 1 << 14;
/// The first of the bits of `site_chrome`'s whole-line triggers (one bit each).
pub(crate) const TRIGGER_SHIFT: u32 = 16;

/// The most frequent characters of speeches and news text, most frequent first: the cost of a
/// character when choosing which one a gate waits for (speed only, never correctness).
const COMMON: &str = concat!(
    "，。的\u{3000}、一1人2中年“”国0发.大在要全是新和业化实展有不作生了民上到地建工个进家为53成动务会%8加经",
    "9力好4以6产7部高强保来重出我（）设各长能学主增任同提开持时区对市推行理面合村政；项们这改多入就体目总资基元现文万定方",
    "共下心等分坚农点深公达济用创关制三得事前平与级过机安更度数社责结法落日\u{20}本口党治二量自服月当解问率技通比亿里代",
    "位小革效升天题路金支城着统次办领水子于决系也科可活交议记查员乡起优完抓干稳场说企风之：都意育委收质门营\u{a0}他者内",
    "形向后教从第明信调续环还族习众性电施外投境战确放表居期导护海去标管今其节局近态研流每群正把品老—将计美商善物带立术融书件",
    "准见求间协步构两贫四险组感特利报道北规做处让春山相域所传情程断而值联防精造团最种快网少义督转已认及打际看华车型层十势院式",
    "台常清应难如线手世军类障想源专医严广讲接真…集队别游些策户单头运参回范名兴引港志京界视考省促至色西整《》走受指气养变南取",
    "切园字格旅划配几示才费需署据东占究核很府均条！然监先果使筹镇供校思聚排备无助此础消案底站获困样评降越张江并影球央识观澳负",
    "县积扩话给培检织历空约司图没复林验身斗预住神百纪福克河模师益维花极举边客压但故职命红权满依史担早奋王因互原布非财州良批首",
    "反只被请况五列亲？必再速远儿席息千贯振往额攻光脱察由显围注算未铁容知食措减执紧细选便易室具激土彻论米键艺扶密略守双斯访言",
    "根素充那智班青证又健价疗赛念按连直照突段络庭德么马谢功房例富焦贸装盖包景牢灾挥古周超始召低望尔热刚己承存努片雪荣卫仅响幸",
    "奖待香介般何绿训足随巨覆官演急税累微招争繁拉审送救亩丽湾告限英火探须扎试综号馆签田律乐象航置康李零短士则修九移宜致采爱博",
    "湖破兵声菜除该或控章‘’初遇失毛临她友播语宣粤励终货亚树白板欧龙汛女绩壮帮继索津黄巴药洲伟副离·借艰巡劳刘余印普补许岗够",
    "阿岁画妥眼石床享鼓跟固灯蓝八伍阳庆读债析逐刻履醒飞油吃候惠届愿味谈较你曾",
);

const COMMON_PAIRS: &str = concat!(
    "发展20工作中国建设经济。”增长达到01服务%，1.项目加强任务改革亿元创新我们落实社会%。问题企业安全00元，2.民族文化全年产业推动国家推进生产人口人，”，",
    "全面以上环境，全，我责任坚持万人群众提高持续提升地区来，人民3.，不，推一个教育深化重要1018，在，一保障合作重点稳定技术作，不断实现，要科技，为干部年，生态",
    "会议收入质量就业投资部门上，民生完成风险农村个，强化。全确保全国19政府抓好”。部署研究国际解决，确领域4..5，“基础二）（二支持加快。“全市世界力。。要“一",
    "大家今年8年统筹共同优化（一，提促进书记一）说，保护管理.3基本政治主义活动.8市场.7.6，坚居民.1更加.9能力中央记者.45.，这组织开放.2各级习近近平",
    "领导城乡化解北京8.同志金融主要0%基层6.。各当前政策中心0212目标完善7..0资金开展深入，增形势数字第一——，也9.各项结构改善体系，是有效时代实施设，",
    "的“，中各类2月消费17代表生活旅游0.”的成为作为率达11的重，其，每交流其中进行形成通过单位扩大分别意见15督查春节，同标准计划时，乡村精神下降情况学生……",
    "目建公共动，，加长113公司切实，对取得14展的后，关键，总我国地方新建团结发生农民一些效。中，平台1630展。，他，让%；各部贯彻总书升级港澳设。展和50，但",
    "制度党的已经历史一步全球三）（三总值5%城市奋斗能。起来了，学习做好个。上的，城攻坚区生产总，建战略同比认真提供贫困0多，有实。了一获得是一，把二是思想传统农业",
    "新的防范相关关系）加一年全，网络；新转型要求主席三是，就，以机制经营坚决家庭这个务。就是3%革，范化他们增加。在脱贫核心和安的，9%需要7%8%机构前，动力方面",
    "大学压实力，委员406%聚焦信息筹发措施高质产品，更工程努力元。医疗。这，从：“，还里，人员维护中华进一营商城镇养老自己现代日，没有的一4%、有召开一路振兴使用",
    "国人展，%以，实商环，2各地1%月12%时间制，治理设施集中要加覆盖信心0年过去年工积极民营一般资源人均，主新增化，可以特色系统建成主体幸福心、。一以来。第22",
    "少数了。检查.加件，技创一带作用调查说。建立发挥化改综合及时去年，各，新25必须稳中，促础。为全21带一量发参与志们，分一是示，水平任。负责24次，门要民人几点",
    "培育新时请大面，%和月2扶贫点意业，0万。我支配动经协调保险均可人次系，增强可支化。总结数民配收持稳路”乡居级各23高到坚定60业的求进中求科学，完交通年来势，",
    "担当济发表示是我题，村民人大活力的发元以70见效新，7年累计现在本报，并预算下，数据好，”“重大居家更多中小80会主保各不少创业区，年底社区会发湾区要严。2，支",
    "务落进，务，9年，讲般公共预点，到5上项同时第二规模这些期，严格讲话议，任，上级支出，大方式年1作责险。实工生，在全，发场，好。标任学校强督平总！”今天公路济社",
    "态环的新境，，培考核融合间，还有家。解风月，激发的工部分是深年的粤港点任监督是要公里到8展新，比目前工业得感事项决策大的动能充分大湾为中人才看到联合来的经验影响",
    "落地建议得到协同大力强，业生要素，而比例心的家，提出事业美丽“我万亩5年区域智能行业们的人的，切分析感。到7济增故事当地的成委会到6进入安排不仅革开的人队伍到了",
    "新动1月要坚更好实际形式26大。，共口的在一0个处理让我其他我的习主27成。问责增收优良定。中的人。一次，将90，及到2度，一级到9护，扎实3个事，出的也是次会",
    "进农起，化的新能游客人们成绩招商。新文明，习成一福感字经这是党委法，系列，累日电香港百分市委定在的地化、28家园彻落育发投入个百理念字化产、受理，经规划不能共有",
    "存在深度施，配合年重法治引导这一大局签约行动举办得新型，调，业增分点壮大的中国的占比善。在于绿色言，，关族人加值开始，协所，的关意识兴，项工盖率营经事故生。，常",
    "点。卫生化营每月势。的问高度千人用，数达革创个人艰巨每千研发善民参加介绍当，第三，占优势比上夯实态保面对作的参保，形上年见，园。众获这样贸易的是宜居总人要抓上。",
    "。三责。障。探索困难决。政协四）明确险参主动（四各民此，别增具有整治出，收。阶段力、族共宣传策部到%占总未来感幸作。成了这次，维党组办结全生上海、早年共6年专业",
    "化转值占29障改升群续增劳动常委办理向好）保进乡展壮导，会大继续持民发言快数村全紧密35的主强生地各床位正在铁路展基的%署，见。华民们，成投31面振重视4个、生",
    "里的5个常住住人面积合，变化99干，老服，安口万，1底线算收着力6个健康项任济持结率良好设美发现）坚入增成果效能党中，成3年；二债务。中局稳98考评如今不到需求",
    "，人挑战的政这里突出94十亿回升丽宜共建强调孩子有力协议生命值增查室式，农户进步展中毛入心，一起艺术来越不是8个要压“四学院越来展活续回）强任担年提市共，农至上",
    "设计什么地见）推；三，夯实干准确5万民持93条件带来的大的。化责升向出口护社格局作了化协，做题。准备比增两国都是制造成员特别实高地，议上一、断激构建优秀）深推广",
    "。他样的提案）优级。以及很多出了借鉴）统发发7个的生粮食。对到1机关）聚焦项难、，年创造去一出台蓝图4年空间求，展、村里（2繁荣务效高速费升不同8592教师部队",
    "希望到，明显国特升服批评力量机遇合理注重要持大有代化识，的时，如清醒成效底，实践才，好财战，电影核。平均互联真贯新兴美国查考就，务、复杂截至有关.抓财源源建对接",
    "，高贫攻580亿的讲定信况，打造超过大代义务资。56家和业发、全导干一，还是期间.提业形.压化要实的键在定就想，一线矛盾体育自然，可为了都很生动们更97业和86",
    "天，实上很好91高校75模式实加克难事。过程抓实53有的要任。让坚克理体来。上是9个.强素保，请、真的几巩固一系上下培训基地。下加紧念，，着.稳履行方米利用博物",
    "9551化和保持，都88之处。加了解。刚鉴。财政结果效投法律才能.防区的真学下面守牢2个、攻和国有一澳门查，进消结合联网续深会，可能38.扩万元务是，家解，65",
    "面临小学从严家的体制如何二、国有.促长。控制、政成27352真抓力奋新发1日1个，通行政监管绘就63关于认为日）车，了交面完。谢谢谢认识力的家认59量的个单2万",
    "688296先后、中资本正。精准和社第四指导土地、共3万医生密地拥有45，开位作快项55在这42也要美元5G发布：今78同体83，蓝地团而努36氛围价值们：刚才",
    "流发6171个“进展。今位。为，党员，最2年署2三、81。二步，规定子，前形排部习借高效结起年目77外资电（来到的文知识开这讲得得都我讲把握左右污染伟大是认结2",
    "责，经绘斗！家批57营造为“图已于落不妥谢大家！。当两个国务垃圾天召级决评指开发析当讲几33务而妥之处请指正1万64动。户，的合用。随着37的改（记短板心。好今",
    "67、市食品3239政务54和1合同引进“三道，有了鼓励。支79子”。城作出8974新技力发媒体62，深己的入推来自小时，国84件。益。72示范最大5亿年度的基",
    "百姓合发都要丰富办公年以义，义、，村业、66青年职业人数转移金，者，高标带头级党69状态色社程，现场集团因为学、、国加大统一，进贡献省级毕业清单监察出行，民万吨",
    "等领48，面救助4387好的小农网上，出国内内容善，，统指出“中好地效益重的6万",
);

/// Whitespace (skipped when pairing characters) and “second character of a gated pair”: flags
/// of the table's entries, not gates.
const WS: u64 = 1 << 63;
const SECOND: u64 = 1 << 62;
const FIRST: u64 = 1 << 61;

/// One thing a line must hold for a pattern to match: a character, or two characters in a row
/// (whitespace between them allowed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Atom {
    Char(char),
    Pair(char, char),
}

/// The cost of each listed character and pair (built with the table, then dropped).
struct Costs {
    chars: HashMap<char, u64>,
    pairs: HashMap<(char, char), u64>,
}

impl Costs {
    fn new() -> Costs {
        let mut chars = HashMap::new();
        for (r, c) in COMMON.chars().enumerate() {
            chars.entry(c).or_insert(20_000 / (r as u64 + 1) + 20);
        }
        let mut pairs = HashMap::new();
        let list: Vec<char> = COMMON_PAIRS.chars().collect();
        for (r, p) in list.chunks_exact(2).enumerate() {
            if let [a, b] = *p {
                pairs.entry((a, b)).or_insert(4_000 / (r as u64 + 1) + 5);
            }
        }
        Costs { chars, pairs }
    }

    fn atom(&self, a: Atom) -> u64 {
        match a {
            Atom::Char(c) => self.chars.get(&c).copied().unwrap_or(10),
            Atom::Pair(a, b) => self.pairs.get(&(a, b)).copied().unwrap_or(2),
        }
    }

    fn set(&self, s: &[Atom]) -> u64 {
        s.iter().map(|&a| self.atom(a)).sum()
    }
}

/// Atoms of which every match of `h` holds one; `None` when there is no such small set.
fn required(h: &Hir, costs: &Costs) -> Option<Vec<Atom>> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            let chars: Vec<char> = s.chars().collect();
            let singles = chars.iter().map(|&c| Atom::Char(c));
            let pairs = chars.windows(2).filter_map(|w| match *w {
                [a, b] if !a.is_whitespace() && !b.is_whitespace() => Some(Atom::Pair(a, b)),
                _ => None,
            });
            singles.chain(pairs).min_by_key(|&a| costs.atom(a)).map(|a| vec![a])
        }
        HirKind::Class(Class::Unicode(cls)) => {
            let size: u32 = cls.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            (size <= 64).then(|| cls.ranges().iter().flat_map(|r| r.start()..=r.end()).map(Atom::Char).collect())
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(r) => {
            if r.min >= 1 {
                required(&r.sub, costs)
            } else {
                None
            }
        }
        HirKind::Capture(c) => required(&c.sub, costs),
        HirKind::Concat(parts) => {
            let own = parts.iter().filter_map(|p| required(p, costs));
            // Two parts that each match one character at their meeting point give pairs.
            let pairs = parts.windows(2).filter_map(|w| match w {
                [a, b] => {
                    let (last, first) = (edge_chars(a, false)?, edge_chars(b, true)?);
                    let v: Vec<Atom> =
                        last.iter().flat_map(|&x| first.iter().map(move |&y| Atom::Pair(x, y))).collect();
                    (v.len() <= 16).then_some(v)
                }
                _ => None,
            });
            own.chain(pairs).min_by_key(|s| costs.set(s))
        }
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(required(a, costs)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
    }
}

/// The characters `h` can start (`first`) or end with, when it always matches a literal or one
/// character of a small class, none of them whitespace.
fn edge_chars(h: &Hir, first: bool) -> Option<Vec<char>> {
    let chars: Vec<char> = match h.kind() {
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            vec![if first { s.chars().next()? } else { s.chars().next_back()? }]
        }
        HirKind::Class(Class::Unicode(cls)) => {
            let size: u32 = cls.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            if size > 8 {
                return None;
            }
            cls.ranges().iter().flat_map(|r| r.start()..=r.end()).collect()
        }
        _ => return None,
    };
    (!chars.iter().any(|c| c.is_whitespace())).then_some(chars)
}

/// The atoms a pattern waits for; `None` (an open gate) when the pattern does not parse or has
/// no small set.
fn pattern_atoms(pattern: &str, costs: &Costs) -> Option<Vec<Atom>> {
    regex_syntax::parse(pattern).ok().as_ref().and_then(|h| required(h, costs))
}

/// Where a gate's characters come from.
pub(crate) enum Source {
    /// A regular expression (as the `regex` crate reads it).
    Pattern(String),
    /// Exactly these characters.
    Chars(Vec<char>),
    /// Exactly these pairs of characters (whitespace between them allowed).
    Pairs(Vec<(char, char)>),
}

struct Table {
    /// One bit per BMP character: whether its entry in `ids` is not 0 (8 KiB that stay in the
    /// first-level cache, where `ids` would not).
    present: Box<[u64; 1024]>,
    /// Per BMP character, an index into `masks` (0: nothing).
    ids: Box<[u16; 0x10000]>,
    masks: Vec<u64>,
    /// Open addressing: `(first << 32 | second, bits)`, `u64::MAX` for a free slot.
    pairs: Vec<(u64, u64)>,
    /// The gates that wait for nothing.
    always: u64,
}

fn pair_slot(key: u64, len: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & (len - 1)
}

impl Table {
    fn pair(&self, first: u32, second: u32) -> u64 {
        let key = (u64::from(first) << 32) | u64::from(second);
        let len = self.pairs.len();
        let mut at = pair_slot(key, len);
        loop {
            match self.pairs.get(at) {
                Some(&(k, bits)) if k == key => return bits,
                Some(&(k, _)) if k == u64::MAX => return 0,
                Some(_) => at = (at + 1) & (len - 1),
                None => return !0,
            }
        }
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut bits: HashMap<char, u64> = HashMap::new();
    let mut pairs: HashMap<(char, char), u64> = HashMap::new();
    let mut always: u64 = 0;
    let costs = Costs::new();
    for (bit, source) in super::gate_sources() {
        let atoms = match source {
            Source::Pattern(p) => pattern_atoms(&p, &costs),
            Source::Chars(c) => Some(c.into_iter().map(Atom::Char).collect()),
            Source::Pairs(p) => Some(p.into_iter().map(|(a, b)| Atom::Pair(a, b)).collect()),
        };
        let Some(atoms) = atoms else {
            always |= bit;
            continue;
        };
        for a in atoms {
            match a {
                Atom::Char(c) => *bits.entry(c).or_default() |= bit,
                Atom::Pair(a, b) => {
                    *pairs.entry((a, b)).or_default() |= bit;
                    *bits.entry(a).or_default() |= FIRST;
                    *bits.entry(b).or_default() |= SECOND;
                }
            }
        }
    }
    for (t, _) in super::traditional_pairs() {
        *bits.entry(t).or_default() |= TRAD;
    }
    for c in (0..=0xFFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
        *bits.entry(c).or_default() |= WS;
    }
    let mut ids = Box::new([0u16; 0x10000]);
    let mut present = Box::new([0u64; 1024]);
    let mut masks: Vec<u64> = vec![0];
    let mut index: HashMap<u64, u16> = HashMap::new();
    for (c, b) in bits {
        let Some(slot) = ids.get_mut(c as usize) else { continue };
        if let Some(w) = present.get_mut(c as usize >> 6) {
            *w |= 1 << (c as usize & 63);
        }
        *slot = *index.entry(b).or_insert_with(|| {
            masks.push(b);
            u16::try_from(masks.len() - 1).unwrap_or(0)
        });
    }
    let len = (pairs.len() * 4).next_power_of_two().max(16);
    let mut table = vec![(u64::MAX, 0u64); len];
    for ((a, b), bits) in pairs {
        let key = (u64::from(u32::from(a)) << 32) | u64::from(u32::from(b));
        let mut at = pair_slot(key, len);
        while table.get(at).is_some_and(|e| e.0 != u64::MAX) {
            at = (at + 1) & (len - 1);
        }
        if let Some(e) = table.get_mut(at) {
            *e = (key, bits);
        }
    }
    Table { present, ids, masks, pairs: table, always }
});

/// The mask of `text`: the bits of every gate one of its characters (or pairs of characters)
/// opens. A line with pinyin tone letters opens every gate (stripping the pinyin joins the
/// characters around it).
pub(crate) fn scan(text: &str) -> u64 {
    let t = &*TABLE;
    let mut m = t.always;
    // The previous character that is not whitespace, when it may start a gated pair.
    let mut prev: Option<u32> = None;
    let mut rest = text.as_bytes();
    // Decoded by hand: the presence bit of a character is found from its bytes (the word from
    // all but the last, the bit from the last), and the code point is assembled only for the
    // few characters that have an entry.
    loop {
        let (word, bit) = match *rest {
            [b0 @ 0xE0..=0xEF, b1, b2, ref tail @ ..] => {
                rest = tail;
                ((usize::from(b0 & 0x0F) << 6) | usize::from(b1 & 0x3F), b2 & 0x3F)
            }
            [b0 @ 0..=0x7F, ref tail @ ..] => {
                rest = tail;
                (usize::from(b0 >> 6), b0 & 0x3F)
            }
            [b0 @ 0xC0..=0xDF, b1, ref tail @ ..] => {
                rest = tail;
                (usize::from(b0 & 0x1F), b1 & 0x3F)
            }
            [] => break,
            _ => return !0,
        };
        let w = t.present.get(word).copied().unwrap_or(!0);
        if w & (1 << bit) == 0 {
            prev = None;
            continue;
        }
        let cp = ((word as u32) << 6) | u32::from(bit);
        let id = t.ids.get(cp as usize).copied().unwrap_or(0);
        let e = t.masks.get(usize::from(id)).copied().unwrap_or(!0);
        m |= e;
        if e & WS != 0 {
            continue;
        }
        if e & SECOND != 0 {
            if let Some(p) = prev {
                m |= t.pair(p, cp);
            }
        }
        prev = (e & FIRST != 0).then_some(cp);
    }
    if m & TONE != 0 {
        return !0;
    }
    if m & WS != 0 {
        m |= SPACE;
    }
    m & !(WS | SECOND | FIRST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_characters_of_patterns() {
        let costs = Costs::new();
        let pattern_atoms = |c: &Costs, p: &str| super::pattern_atoms(p, c);
        assert_eq!(pattern_atoms(&costs, "abc").map(|v| v.len()), Some(1));
        assert_eq!(pattern_atoms(&costs, "a?"), None);
        assert_eq!(pattern_atoms(&costs, r"\d+"), None);
        let set = pattern_atoms(&costs, "(?i)x|版权").unwrap_or_default();
        assert!(set.contains(&Atom::Char('x')) && set.contains(&Atom::Char('X')));
        assert_eq!(set.len(), 3);
        assert!(pattern_atoms(&costs, "(?:你|您)好").is_some());
        let set = pattern_atoms(&costs, "[(（]完[)）]").unwrap_or_default();
        assert!(set.iter().all(|a| matches!(a, Atom::Pair(..))), "{set:?}");
    }

    /// The scan by `chars()`, to check the hand decoding against.
    fn scan_by_chars(text: &str) -> u64 {
        let t = &*TABLE;
        let mut m = t.always;
        let mut prev: Option<u32> = None;
        for c in text.chars() {
            let cp = u32::from(c);
            let Some(&id) = t.ids.get(cp as usize) else { return !0 };
            let e = t.masks.get(usize::from(id)).copied().unwrap_or(!0);
            m |= e;
            if e & WS != 0 {
                continue;
            }
            if e & SECOND != 0 {
                if let Some(p) = prev {
                    m |= t.pair(p, cp);
                }
            }
            prev = (e & FIRST != 0).then_some(cp);
        }
        if m & TONE != 0 {
            return !0;
        }
        if m & WS != 0 {
            m |= SPACE;
        }
        m & !(WS | SECOND | FIRST)
    }

    #[test]
    fn hand_decoding_agrees_with_chars() {
        for text in [
            "",
            "本文来源:https://www.wddqw.com/doc/d1ba0331.html",
            "發佈時間：2021-05-06\u{3000}瀏覽次數：235 ©",
            "上一篇：在全县经济工作会议上的讲话 (完) 【编辑：张三】 ×",
            "版权所有 不得转载 小编为大家整理 ¥ é ñ \u{a0}\u{2003}",
            "𠀀 字",
        ] {
            assert_eq!(scan(text), scan_by_chars(text), "{text}");
        }
    }

    #[test]
    fn marks_traditional_and_tone_letters() {
        assert_ne!(scan("發") & TRAD, 0);
        assert_eq!(scan("发") & TRAD, 0);
        assert_eq!(scan("導(dǎo)"), !0);
        assert_eq!(scan("同志们：") & SPACE, 0);
        assert_ne!(scan("同志们\u{3000}") & SPACE, 0);
    }
}
