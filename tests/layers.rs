//! The layers point down. Parses every source file under `src/` (with `syn`), collects the
//! module paths each module refers to (`use` trees and paths in code; `#[cfg(test)]` items
//! left out), and checks:
//!
//! - no rule file (`analysis/rules/**`) refers to the engine (`analysis::engine`);
//! - `text/` refers to nothing in `analysis/`;
//! - `analysis/` refers to nothing in `lsp`, `cli`, `settings` or `document`;
//! - the registry (`analysis::registry`) refers to no rule family (nothing in `analysis::rules`);
//! - no import cycle spans more than 4 modules. For cycles, a path to an item re-exported by
//!   `pub use` counts as a reference to the module that defines it, and a cycle made of a
//!   module and its own parent only (a family's `mod.rs` using its folder's trait, the folder
//!   listing the family) is not counted.
//!
//! The first four checks read paths as written: naming the engine counts even when the item
//! is re-exported from elsewhere.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

type Module = Vec<String>;

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".to_string()
    } else {
        m.join("::")
    }
}

/// One module's parsed file and where it lives.
struct Source {
    module: Module,
    file: PathBuf,
    ast: syn::File,
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string().contains("test")))
}

/// Every module of the crate, from `src/lib.rs` down its `mod` declarations.
fn load(src: &Path) -> Vec<Source> {
    fn walk(module: Module, file: PathBuf, dir: PathBuf, out: &mut Vec<Source>) {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for item in &ast.items {
            if let syn::Item::Mod(m) = item {
                if m.content.is_some() || is_cfg_test(&m.attrs) {
                    continue;
                }
                let child = m.ident.to_string();
                let mut cm = module.clone();
                cm.push(child.clone());
                let flat = dir.join(format!("{child}.rs"));
                let nested = dir.join(&child).join("mod.rs");
                let f = if flat.exists() { flat } else { nested };
                walk(cm, f, dir.join(&child), out);
            }
        }
        out.push(Source { module, file, ast });
    }
    let mut out = Vec::new();
    walk(Vec::new(), src.join("lib.rs"), src.to_path_buf(), &mut out);
    out
}

/// The paths a module's code refers to, as written (`use` trees expanded).
#[derive(Default)]
struct Refs {
    paths: Vec<Vec<String>>,
    /// Names brought in by `use` (the last segment or its rename) → full path.
    imports: HashMap<String, Vec<String>>,
    /// Names re-exported by a non-private `use` → full path.
    reexports: HashMap<String, Vec<String>>,
}

fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            let id = n.ident.to_string();
            if id == "self" {
                let last = full.last().cloned().unwrap_or_default();
                out.push((last, full));
            } else {
                full.push(id.clone());
                out.push((id, full));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(r.ident.to_string());
            }
            out.push((r.rename.to_string(), full));
        }
        syn::UseTree::Glob(_) => out.push(("*".to_string(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Refs {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match i {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(x) => &x.attrs,
            syn::Item::Static(x) => &x.attrs,
            syn::Item::Const(x) => &x.attrs,
            syn::Item::Struct(x) => &x.attrs,
            syn::Item::Enum(x) => &x.attrs,
            _ => &[],
        };
        if is_cfg_test(attrs) {
            return;
        }
        if let syn::Item::Use(u) = i {
            let mut flat = Vec::new();
            flatten(&u.tree, &mut Vec::new(), &mut flat);
            for (n, full) in flat {
                if !matches!(u.vis, syn::Visibility::Inherited) {
                    self.reexports.insert(n.clone(), full.clone());
                }
                self.imports.insert(n, full.clone());
                self.paths.push(full);
            }
            return;
        }
        syn::visit::visit_item(self, i);
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if segs.len() > 1 {
            self.paths.push(segs);
        }
        syn::visit::visit_path(self, p);
    }
}

struct Crate {
    modules: BTreeSet<Module>,
    refs: BTreeMap<Module, Refs>,
}

impl Crate {
    fn new(src: &Path) -> Crate {
        let sources = load(src);
        let modules = sources.iter().map(|s| s.module.clone()).collect();
        let mut refs = BTreeMap::new();
        for s in &sources {
            let mut r = Refs::default();
            r.visit_file(&s.ast);
            assert!(s.file.exists());
            refs.insert(s.module.clone(), r);
        }
        Crate { modules, refs }
    }

    /// A path as written in `from`, made absolute (`crate::…`, `super::…`, `self::…`, or a
    /// name imported by `use`); `None` for paths outside the crate.
    fn absolute(&self, from: &Module, path: &[String], depth: usize) -> Option<Vec<String>> {
        let first = path.first()?;
        let rest = path.get(1..).unwrap_or(&[]);
        match first.as_str() {
            "crate" => Some(rest.to_vec()),
            "self" => Some(from.iter().cloned().chain(rest.iter().cloned()).collect()),
            "super" => {
                let mut base = from.clone();
                base.pop();
                self.absolute(&base, &[vec!["self".to_string()], rest.to_vec()].concat(), depth + 1)
            }
            "lectern" => Some(rest.to_vec()),
            name => {
                if depth > 8 {
                    return None;
                }
                // a child module, or a name imported by `use`
                let mut child = from.clone();
                child.push(name.to_string());
                if self.modules.contains(&child) {
                    return Some(child.into_iter().chain(rest.iter().cloned()).collect());
                }
                let imported = self.refs.get(from)?.imports.get(name)?;
                if imported.as_slice() == path {
                    // `use crate_name::…` of an external crate
                    return None;
                }
                let base = self.absolute(from, imported, depth + 1)?;
                Some(base.into_iter().chain(rest.iter().cloned()).collect())
            }
        }
    }

    /// The deepest module named along an absolute path.
    fn module_of(&self, abs: &[String]) -> Module {
        let mut m: Module = Vec::new();
        for s in abs {
            let mut next = m.clone();
            next.push(s.clone());
            if self.modules.contains(&next) {
                m = next;
            } else {
                break;
            }
        }
        m
    }

    /// The module that defines what an absolute path names, following `pub use` re-exports.
    fn defining_module(&self, abs: &[String], depth: usize) -> Module {
        let m = self.module_of(abs);
        if depth > 8 {
            return m;
        }
        if let Some(item) = abs.get(m.len()) {
            if let Some(target) = self.refs.get(&m).and_then(|r| r.reexports.get(item)) {
                if let Some(t) = self.absolute(&m, target, 0) {
                    let t: Vec<String> = t.into_iter().chain(abs.iter().skip(m.len() + 1).cloned()).collect();
                    return self.defining_module(&t, depth + 1);
                }
            }
        }
        m
    }

    /// For each module, the modules its paths name as written.
    fn written_edges(&self) -> BTreeMap<Module, BTreeSet<Vec<String>>> {
        let mut out = BTreeMap::new();
        for (m, r) in &self.refs {
            let set: BTreeSet<Vec<String>> = r.paths.iter().filter_map(|p| self.absolute(m, p, 0)).collect();
            out.insert(m.clone(), set);
        }
        out
    }

    /// Module → modules it depends on (re-exports followed), without self-loops.
    fn graph(&self) -> BTreeMap<Module, BTreeSet<Module>> {
        let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (m, paths) in self.written_edges() {
            let set = paths.iter().map(|p| self.defining_module(p, 0)).filter(|t| t != &m && !t.is_empty()).collect();
            g.insert(m, set);
        }
        g
    }
}

fn starts_with(path: &[String], prefix: &[&str]) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b)
}

/// The paths, written in modules under `from`, that name something under one of `banned`.
fn violations(krate: &Crate, from: &[&str], banned: &[&[&str]]) -> Vec<String> {
    let mut out = Vec::new();
    for (m, paths) in krate.written_edges() {
        if !starts_with(&m, from) {
            continue;
        }
        for p in paths {
            if banned.iter().any(|b| starts_with(&p, b)) {
                out.push(format!("{} -> {}", name(&m), p.join("::")));
            }
        }
    }
    out
}

/// The crate's `src/` (or, to see the checks fail on another tree, `LECTERN_LAYERS_SRC`).
fn krate() -> Crate {
    let src = std::env::var_os("LECTERN_LAYERS_SRC")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), PathBuf::from);
    Crate::new(&src)
}

#[test]
fn the_scanner_sees_the_crate() {
    let k = krate();
    let has = |p: &[&str]| k.modules.contains(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert!(has(&["analysis", "engine"]) && has(&["analysis", "rules", "numbering", "marker"]) && has(&["text"]));
    // It resolves what it must check: the engine reaches the family table, the LSP reaches
    // the analysis.
    let g = k.graph();
    let edges =
        |from: &[&str]| g.get(&from.iter().map(|s| s.to_string()).collect::<Vec<_>>()).cloned().unwrap_or_default();
    assert!(edges(&["analysis", "engine"]).contains(&vec!["analysis".to_string(), "rules".to_string()]));
    assert!(edges(&["lsp", "server"]).iter().any(|m| m.first().is_some_and(|s| s == "analysis")));
    // and a re-export is followed to where the item is defined
    assert!(edges(&["analysis", "rules", "blank", "missing_figure"])
        .contains(&vec!["analysis".to_string(), "diagnostic".to_string()]));
}

#[test]
fn no_rule_file_imports_the_engine() {
    let v = violations(&krate(), &["analysis", "rules"], &[&["analysis", "engine"]]);
    assert!(v.is_empty(), "rule files refer to the engine:\n{}", v.join("\n"));
}

#[test]
fn text_imports_nothing_from_analysis() {
    let v = violations(&krate(), &["text"], &[&["analysis"]]);
    assert!(v.is_empty(), "text/ refers to analysis/:\n{}", v.join("\n"));
}

#[test]
fn analysis_imports_no_shell() {
    let v = violations(&krate(), &["analysis"], &[&["lsp"], &["cli"], &["settings"], &["document"]]);
    assert!(v.is_empty(), "analysis/ refers to a shell:\n{}", v.join("\n"));
    let v = violations(&krate(), &["text"], &[&["lsp"], &["cli"], &["settings"], &["document"]]);
    assert!(v.is_empty(), "text/ refers to a shell:\n{}", v.join("\n"));
}

#[test]
fn the_registry_imports_no_rule_family() {
    let v = violations(&krate(), &["analysis", "registry"], &[&["analysis", "rules"]]);
    assert!(v.is_empty(), "the registry refers to the rules:\n{}", v.join("\n"));
}

/// A depth-first search for simple cycles longer than `max` modules.
struct CycleSearch<'a> {
    g: &'a BTreeMap<Module, BTreeSet<Module>>,
    max: usize,
    limit: usize,
    budget: usize,
    out: Vec<Vec<Module>>,
}

impl<'a> CycleSearch<'a> {
    fn dfs(&mut self, start: &'a Module, at: &'a Module, path: &mut Vec<&'a Module>) {
        if self.out.len() >= self.limit || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let g = self.g;
        for next in g.get(at).into_iter().flatten() {
            if next == start {
                if path.len() > self.max {
                    self.out.push(path.iter().map(|m| (*m).clone()).collect());
                }
            } else if next > start && !path.contains(&next) {
                path.push(next);
                self.dfs(start, next, path);
                path.pop();
            }
        }
    }
}

/// Every simple cycle longer than `max` modules (up to `limit` of them). Depth-first from each
/// module over the modules after it, so each cycle is found once, from its smallest module.
/// A module and its parent naming each other make a cycle of 2, which is never reported.
fn long_cycles(g: &BTreeMap<Module, BTreeSet<Module>>, max: usize, limit: usize) -> Vec<Vec<Module>> {
    let mut search = CycleSearch { g, max, limit, budget: 5_000_000, out: Vec::new() };
    for s in g.keys() {
        let mut path = vec![s];
        search.dfs(s, s, &mut path);
    }
    assert!(search.budget > 0, "the cycle search ran out of budget: the graph is too tangled to search");
    search.out
}

#[test]
fn no_import_cycle_spans_more_than_four_modules() {
    let g = krate().graph();
    let cycles = long_cycles(&g, 4, 20);
    let shown: Vec<String> =
        cycles.iter().map(|c| c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" -> ") + " -> (back)").collect();
    assert!(cycles.is_empty(), "import cycles over 4 modules:\n{}", shown.join("\n"));
}
