//! What an import carries from one Compose object to the next: the
//! conversion's context (the options, the reports, the networks read so
//! far, the names taken), and the readings of YAML values that the
//! networks, the services and the shims share. Below convert.rs,
//! service.rs and shim.rs, which all take it.

use super::emit::{Slot, comment, quoted, token};
use super::yaml::{Kind, Node};
use super::{ImportOptions, Report, Severity};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;

/// What a service needs to know of a network it joins.
#[derive(Debug, Clone)]
pub struct NetworkInfo {
    pub name: String,
    /// `macvlan`, `ipvlan`, `bridge`, or as written (a variable, another
    /// driver); empty when unknown (an external network without `driver`).
    pub driver: String,
    pub parent: Option<String>,
    pub external: bool,
}

impl NetworkInfo {
    /// A network whose containers have addresses of their own on a LAN,
    /// where published ports mean nothing.
    pub fn is_lan(&self) -> bool {
        matches!(self.driver.as_str(), "macvlan" | "ipvlan")
    }
}

/// The state of one conversion.
pub struct Context<'a> {
    pub options: &'a ImportOptions,
    pub reports: Vec<Report>,
    /// The Compose project directory: relative paths are its.
    pub base: PathBuf,
    /// Where relative host paths must be rebased to (the Compose file's
    /// directory, absolute) when the topology is written elsewhere.
    pub rebase: Option<PathBuf>,
    pub networks: Vec<NetworkInfo>,
    pub volumes: BTreeSet<String>,
    pub env: crate::syntax::Environment,
    pub project: String,
    /// The service being converted.
    pub service: String,
    /// What `macrame export` recorded under `x-macrame`, when it made the
    /// file.
    pub exported: Option<Exported>,
    /// `x-macrame.externals`: what an exported file declared of its
    /// external networks.
    pub externals: Option<Node>,
    /// `x-macrame.external_volumes`, the same for volumes.
    pub external_volumes: Option<Node>,
    /// Every service's name, and those that became shims.
    pub services: BTreeSet<String>,
    pub helpers: BTreeSet<String>,
    /// The addresses hand-made shims give their links.
    pub shim_addresses: Vec<String>,
}

/// `x-macrame` of an exported file: what Compose cannot say.
#[derive(Debug, Default)]
pub struct Exported {
    /// Service → the network of its default route.
    pub gateways: std::collections::HashMap<String, String>,
}

impl Context<'_> {
    pub fn report(&mut self, severity: Severity, node: &Node, message: impl Into<String>) {
        self.reports.push(Report::new(severity, node.mark, message));
    }

    /// Reports `key` as having no equivalent and gives the comment line
    /// that keeps it in the output.
    pub fn unsupported(&mut self, key: &str, node: &Node, why: &str) -> String {
        self.report(Severity::Unsupported, node, format!("`{key}`: {why}"));
        comment(&format!(
            "compose `{key}` (line {}): not imported: {why}",
            node.mark.line
        ))
    }

    /// The value of a `NAME` written without one (an environment entry, a
    /// build argument): Compose's environment's, or the variable itself
    /// when variables are kept; `None` when it is not set.
    pub fn environment_value(&self, name: &str) -> Option<String> {
        if self.options.keep_variables {
            Some(format!("${{{name}}}"))
        } else {
            self.env.get(name).map(|v| v.replace('$', "$$"))
        }
    }

    pub fn network(&self, name: &str) -> Option<&NetworkInfo> {
        self.networks.iter().find(|n| n.name == name)
    }

    /// A relative host path of the Compose file, as the topology file
    /// must write it to mean the same place.
    pub fn host_path(&self, path: &str) -> String {
        match &self.rebase {
            Some(base) if !path.starts_with(['/', '~', '$']) => base
                .join(path.trim_start_matches("./"))
                .display()
                .to_string(),
            _ => path.to_string(),
        }
    }
}

/// Pairs of a mapping, or of a list of `K=V` strings.
pub fn pairs(node: &Node) -> Vec<(String, Option<Node>)> {
    match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().unwrap_or_default().to_string(),
                    (!v.is_null()).then(|| v.clone()),
                )
            })
            .collect(),
        Kind::Seq(items) => items
            .iter()
            .filter_map(|item| {
                let text = item.as_str()?;
                Some(match text.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(Node::string(v, item.mark))),
                    None => (text.to_string(), None),
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The strings of a value written as one string or a list of them.
pub fn strings(node: &Node) -> Vec<(String, Node)> {
    match &node.kind {
        Kind::Scalar { text, .. } => vec![(text.clone(), node.clone())],
        Kind::Seq(items) => items
            .iter()
            .filter_map(|i| Some((i.as_str()?.to_string(), i.clone())))
            .collect(),
        _ => Vec::new(),
    }
}

/// `label KEY = "VALUE"` lines.
pub fn labels(context: &mut Context, node: &Node, indent: &str) -> String {
    let mut out = String::new();
    for (key, value) in pairs(node) {
        let value = value
            .as_ref()
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        match token(&key, Slot::Word) {
            Some(key) => {
                let _ = writeln!(out, "{indent}label {key} = {}", quoted(&value));
            }
            None => {
                let line = context.unsupported(
                    "labels",
                    node,
                    &format!("the label key `{key}` is not a name macrame can write"),
                );
                let _ = writeln!(out, "{indent}{line}");
            }
        }
    }
    out
}
