//! Each family's rules, stated with the shared helpers of `support::check`: `check(rule,
//! marked)` (the rule reports exactly the marked spans) and `check_fix(rule, before, after)`.
//! The examples are the ones of the rules' documentation (`docs/rules/`).

mod support;

use support::check::{check, check_fix};

#[test]
fn blank() {
    check("figure-placeholder", "园区预计实现工业总产值⟦xx⟧亿元，同比增长⟦xx⟧%");
    check("LEC102", "少数民族人口占总人口的‸%");
    check("LEC102", "少数民族人口占总人口的17.3%");
}

#[test]
fn numbering() {
    check("LEC201", "一、提高政治站位\n⟦三、⟧强化组织保障\n");
    check("LEC212", "⟦1、⟧加强宣传引导\n");
    check_fix("LEC212", "1、加强宣传引导\n", "1.加强宣传引导\n");
}

#[test]
fn boilerplate() {
    let list = "  • 在市企业梯度培育工作推进会议上的讲话\n  • 在全市食品产业链高质量发展推进会议上的讲话\n  • 在全区电子商务产业发展推进会议上的讲话\n\n";
    check("glued-list-bullet", &format!("{list}⟦  • ⟧在全县范围内开展知识测试，形成了良性机制。\n"));
    check("glued-list-bullet", "  • 在全县范围内开展知识测试，形成了良性机制。");
}

#[test]
fn punctuation() {
    // one finding per line, at its first mark; its one fix converts every mark (issue 17)
    check("LEC401", "同志们⟦:⟧今天,我们召开全县经济工作会议(扩大)。");
    check_fix(
        "LEC401",
        "同志们:今天,我们召开全县经济工作会议(扩大)。",
        "同志们：今天，我们召开全县经济工作会议（扩大）。",
    );
}

#[test]
fn consistency() {
    check(
        "LEC501",
        "全县上下要团结一心。\n全县各族群众共同发展。\n全县干部要担当作为。\n组织全⟦旗⟧行政事业单位结对认亲。\n",
    );
    check("LEC501", "全县上下，全旗人民。");
}
