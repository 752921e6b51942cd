//! Reading Compose files as Docker Compose does: each file parsed,
//! interpolated and its `extends` resolved, then the files merged in order
//! (`-f a.yml -f b.yml`): mappings key by key, the lists Compose appends
//! appended, mounts and devices by their target, the rest replaced.

use super::yaml::{self, Kind, Mark, Node};
use super::{Report, Severity};
use crate::diagnostic::Diagnostic;
use crate::syntax::Environment;
use crate::syntax::interpolate::interpolate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The merged model of every file, and what was said while reading it.
pub struct Loaded {
    pub root: Node,
    pub reports: Vec<Report>,
}

/// Why nothing could be imported.
#[derive(Debug)]
pub struct LoadError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Why the file could not be read at all (else it was read, and is
    /// not what it should be).
    pub unreadable: Option<crate::source::ReadError>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

/// How values are read: resolved from the environment, or kept as
/// `${VAR}` so the topology stays parameterised.
pub struct Reading<'a> {
    pub env: &'a Environment,
    pub keep_variables: bool,
}

/// Reads `files` (paths as given; `files[i]` is mark file `i`, and
/// extended files are appended to `files`).
pub fn load(files: &mut Vec<PathBuf>, reading: &Reading) -> Result<Loaded, LoadError> {
    let mut loader = Loader {
        files,
        reading,
        reports: Vec::new(),
        extended_files: HashMap::new(),
    };
    let mut merged: Option<Node> = None;
    let count = loader.files.len();
    for index in 0..count {
        let root = loader.read_file(index, 0)?;
        merged = Some(match merged {
            None => root,
            Some(base) => merge(base, root, &[]),
        });
    }
    let root = merged
        .and_then(yaml::untagged)
        .unwrap_or(Node::null(Mark::default()));
    Ok(Loaded {
        root,
        reports: loader.reports,
    })
}

/// The files being read, and what was said of them.
struct Loader<'a> {
    /// Every file read: the ones asked for, then those `extends` names.
    files: &'a mut Vec<PathBuf>,
    reading: &'a Reading<'a>,
    reports: Vec<Report>,
    /// A file `extends` names, read once however many services name it.
    extended_files: HashMap<PathBuf, Node>,
}

impl Loader<'_> {
    fn read_file(&mut self, index: usize, depth: usize) -> Result<Node, LoadError> {
        let path = self.files[index].clone();
        let error = |line, column, message: String| LoadError {
            file: path.clone(),
            line,
            column,
            message,
            unreadable: None,
        };
        // With the topology's own limits: 16 MiB, UTF-8.
        let text = match crate::source::Source::read(&path) {
            Ok(source) => source.into_text(),
            Err(cause) => {
                return Err(LoadError {
                    message: format!("cannot read: {cause}"),
                    unreadable: Some(cause),
                    ..error(0, 0, String::new())
                });
            }
        };
        let (root, warnings) = yaml::parse(&text, index).map_err(|e| {
            error(
                e.mark.line,
                e.mark.column,
                format!("not valid YAML: {}", e.message),
            )
        })?;
        for (mark, message) in warnings {
            self.reports
                .push(Report::new(Severity::Warning, mark, message));
        }
        if root.is_null() {
            return Err(error(1, 1, "the file is empty: not a Compose file".into()));
        }
        let Some(entries) = root.as_map() else {
            return Err(error(
                root.mark.line,
                root.mark.column,
                format!(
                    "not a Compose file: its top level is {}, where Compose expects a mapping \
                 with `services`",
                    root.describe()
                ),
            ));
        };
        const TOP: &[&str] = &[
            "version", "name", "services", "networks", "volumes", "secrets", "configs", "include",
            "models",
        ];
        if let Some((key, _)) = entries.iter().find(|(k, _)| {
            k.as_str()
                .is_none_or(|k| !TOP.contains(&k) && !k.starts_with("x-"))
        }) {
            return Err(error(
                key.mark.line,
                key.mark.column,
                format!(
                    "not a Compose file: `{}` is not a top-level key of Compose (services, \
                 networks, volumes, secrets, configs, name, version, x-*)",
                    key.as_str().unwrap_or("?")
                ),
            ));
        }
        let root = interpolated(root, self.reading, &mut self.reports, &path);
        if depth > 8 {
            return Err(error(1, 1, "`extends` nests more than 8 files deep".into()));
        }
        self.resolve_extends(root, index, depth)
    }

    fn resolve_extends(
        &mut self,
        mut root: Node,
        index: usize,
        depth: usize,
    ) -> Result<Node, LoadError> {
        let path = self.files[index].clone();
        let Some(services) = root
            .get("services")
            .and_then(Node::as_map)
            .map(<[_]>::to_vec)
        else {
            return Ok(root);
        };
        let mut resolved = Vec::with_capacity(services.len());
        for (name, service) in &services {
            let mut chain = vec![name.as_str().unwrap_or_default().to_string()];
            let service = self
                .extended(service.clone(), &services, index, depth, &mut chain)
                .map_err(|message| LoadError {
                    file: path.clone(),
                    line: service.mark.line,
                    column: service.mark.column,
                    message,
                    unreadable: None,
                })?;
            resolved.push((name.clone(), service));
        }
        if let Kind::Map(entries) = &mut root.kind
            && let Some((_, value)) = entries
                .iter_mut()
                .find(|(k, _)| k.as_str() == Some("services"))
        {
            value.kind = Kind::Map(resolved);
        }
        Ok(root)
    }

    /// A service with what it `extends` merged under it.
    fn extended(
        &mut self,
        service: Node,
        services: &[(Node, Node)],
        index: usize,
        depth: usize,
        chain: &mut Vec<String>,
    ) -> Result<Node, String> {
        let Some(extends) = service.get("extends").cloned() else {
            return Ok(service);
        };
        let (base_name, base_file) = match (&extends.kind, extends.get("service")) {
            (Kind::Scalar { text, .. }, _) => (text.clone(), None),
            (_, Some(name)) => (
                name.as_str().unwrap_or_default().to_string(),
                extends
                    .get("file")
                    .and_then(Node::as_str)
                    .map(str::to_string),
            ),
            _ => return Err("`extends` needs `service:` (and optionally `file:`)".into()),
        };
        if chain.contains(&base_name) && base_file.is_none() {
            return Err(format!(
                "`extends` goes round in a circle: {} -> {base_name}",
                chain.join(" -> ")
            ));
        }
        chain.push(base_name.clone());
        let base = match base_file {
            None => {
                let base = services
                .iter()
                .find(|(k, _)| k.as_str() == Some(&base_name))
                .map(|(_, v)| v.clone())
                .ok_or_else(|| {
                    format!(
                        "`extends` names the service `{base_name}`, which this file does not define"
                    )
                })?;
                self.extended(base, services, index, depth, chain)?
            }
            Some(file) => {
                let dir = self.files[index]
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let root = self.extended_file(dir.join(&file), depth + 1)?;
                let base = root
                .get("services")
                .and_then(|s| s.get(&base_name))
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "`extends` names the service `{base_name}`, which `{file}` does not define"
                    )
                })?;
                // Its relative paths are its own file's.
                let other_dir = Path::new(&file)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                rebased(base, &other_dir)
            }
        };
        let mut own = service;
        if let Kind::Map(entries) = &mut own.kind {
            entries.retain(|(k, _)| k.as_str() != Some("extends"));
        }
        // Compose never inherits these from the extended service.
        let mut base = base;
        if let Kind::Map(entries) = &mut base.kind {
            entries.retain(|(k, _)| {
                !matches!(k.as_str(), Some("depends_on" | "links" | "volumes_from"))
            });
        }
        Ok(merge(base, own, &["services", "?"]))
    }

    /// A file `extends` names, read (and its own `extends` resolved) once.
    fn extended_file(&mut self, path: PathBuf, depth: usize) -> Result<Node, String> {
        if let Some(root) = self.extended_files.get(&path) {
            return Ok(root.clone());
        }
        self.files.push(path.clone());
        let root = self
            .read_file(self.files.len() - 1, depth)
            .map_err(|e| format!("in the file `extends` names: {e}"))?;
        self.extended_files.insert(path, root.clone());
        Ok(root)
    }
}

/// Every value (never a key) with its variables resolved; a value whose
/// variable is unset is kept as written, so the topology names it.
fn interpolated(node: Node, reading: &Reading, reports: &mut Vec<Report>, path: &Path) -> Node {
    let mark = node.mark;
    let kind = match node.kind {
        Kind::Scalar { text, plain } => {
            let text = if reading.keep_variables || !text.contains('$') {
                text
            } else {
                let mut unset: Vec<Diagnostic> = Vec::new();
                let resolved = interpolate(&text, &text, 0, reading.env, &mut unset);
                if unset.is_empty() {
                    // The topology reads `$` as the start of a variable.
                    resolved.replace('$', "$$")
                } else {
                    for diagnostic in unset {
                        reports.push(Report::new(
                            Severity::Warning,
                            mark,
                            format!(
                                "{} in `{}`: kept as a variable (set it in the environment \
                                 or in `.env` beside {})",
                                diagnostic.message,
                                text,
                                path.display()
                            ),
                        ));
                    }
                    text
                }
            };
            Kind::Scalar { text, plain }
        }
        Kind::Seq(items) => Kind::Seq(
            items
                .into_iter()
                .map(|n| interpolated(n, reading, reports, path))
                .collect(),
        ),
        Kind::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k, interpolated(v, reading, reports, path)))
                .collect(),
        ),
        Kind::Tagged(tag, inner) => {
            Kind::Tagged(tag, Box::new(interpolated(*inner, reading, reports, path)))
        }
        Kind::Null => Kind::Null,
    };
    Node { kind, mark }
}

/// Service keys whose lists Compose appends rather than replaces.
const APPENDED: &[&str] = &[
    "ports",
    "expose",
    "dns",
    "dns_search",
    "dns_opt",
    "tmpfs",
    "cap_add",
    "cap_drop",
    "security_opt",
    "env_file",
    "external_links",
    "links",
    "volumes_from",
    "profiles",
    "group_add",
];
/// Service keys written as a list of `K=V` or a mapping: merged by key.
const KEYED: &[&str] = &[
    "environment",
    "labels",
    "sysctls",
    "extra_hosts",
    "networks",
    "depends_on",
    "ulimits",
];
/// Service keys merged by each entry's target path.
const BY_TARGET: &[&str] = &["volumes", "devices"];

/// `over` laid over `base`. `path` is where the two stand in the file
/// (`["services", NAME]` for a service; `"?"` for any name).
pub fn merge(base: Node, over: Node, path: &[&str]) -> Node {
    if let Kind::Tagged(yaml::Tag::Override, inner) = over.kind {
        return *inner;
    }
    let key = path.last().copied().unwrap_or_default();
    let in_service = path.len() == 3 && path[0] == "services";
    let (base, over) = if in_service {
        (normalized(key, base), normalized(key, over))
    } else {
        (base, over)
    };
    // An endpoint's aliases are appended, as Compose does.
    if path.len() == 5
        && path[0] == "services"
        && path[2] == "networks"
        && key == "aliases"
        && let Some(both) = appended(&base, &over)
    {
        return both;
    }
    if in_service {
        if key == "logging"
            && base.get("driver").and_then(Node::as_str)
                != over.get("driver").and_then(Node::as_str)
            && over.get("driver").is_some()
        {
            // Another driver's options mean nothing to this one.
            return over;
        }
        if APPENDED.contains(&key)
            && let Some(both) = appended(&base, &over)
        {
            return both;
        }
        if KEYED.contains(&key) {
            let colon = key == "extra_hosts";
            return merge_maps(keyed(base, colon), keyed(over, colon), path);
        }
        if BY_TARGET.contains(&key)
            && let (Kind::Seq(mut a), Kind::Seq(b)) = (base.kind.clone(), over.kind.clone())
        {
            for item in b {
                let target = mount_target(&item);
                a.retain(|x| target.is_none() || mount_target(x) != target);
                a.push(item);
            }
            return Node {
                kind: Kind::Seq(a),
                mark: over.mark,
            };
        }
        if matches!(key, "command" | "entrypoint") {
            return over;
        }
    }
    match (&base.kind, &over.kind) {
        (Kind::Map(_), Kind::Map(_)) => merge_maps(base, over, path),
        _ => over,
    }
}

/// Two lists as one, `over`'s items after `base`'s, each once.
fn appended(base: &Node, over: &Node) -> Option<Node> {
    let (Kind::Seq(a), Kind::Seq(b)) = (&base.kind, &over.kind) else {
        return None;
    };
    let mut all = a.clone();
    for item in b {
        if !all.iter().any(|x| x.kind == item.kind) {
            all.push(item.clone());
        }
    }
    Some(Node {
        kind: Kind::Seq(all),
        mark: over.mark,
    })
}

fn merge_maps(base: Node, over: Node, path: &[&str]) -> Node {
    let (Kind::Map(mut entries), Kind::Map(overs)) = (base.kind, over.kind.clone()) else {
        return over;
    };
    for (key, value) in overs {
        let name = key.as_str().unwrap_or_default().to_string();
        let child: Vec<&str> = path
            .iter()
            .copied()
            .chain(std::iter::once(
                if path.len() == 1 && path[0] == "services" {
                    "?"
                } else {
                    name.as_str()
                },
            ))
            .collect();
        match entries.iter().position(|(k, _)| k.as_str() == Some(&name)) {
            Some(at) if matches!(value.kind, Kind::Tagged(yaml::Tag::Reset, _)) => {
                entries.remove(at);
            }
            Some(at) => {
                let old = entries[at].1.clone();
                // A key left empty in an override keeps what it had.
                if !value.is_null() {
                    entries[at].1 = merge(old, value, &child);
                }
            }
            None => entries.push((key, value)),
        }
    }
    Node {
        kind: Kind::Map(entries),
        mark: over.mark,
    }
}

/// A list of `K=V` (or `K`, or for `networks` and `depends_on`, `NAME`;
/// with `colon`, also `host:ip`) as a mapping.
pub fn keyed(node: Node, colon: bool) -> Node {
    let Kind::Seq(items) = node.kind else {
        return node;
    };
    let entries = items
        .into_iter()
        .filter_map(|item| {
            let text = item.as_str()?.to_string();
            let split = if colon {
                text.find(['=', ':'])
            } else {
                text.find('=')
            };
            let (key, value) = match split {
                Some(at) => (
                    text[..at].to_string(),
                    Node::string(&text[at + 1..], item.mark),
                ),
                None => (text, Node::null(item.mark)),
            };
            Some((Node::string(key, item.mark), value))
        })
        .collect();
    Node {
        kind: Kind::Map(entries),
        mark: node.mark,
    }
}

/// The container path of a `volumes` or `devices` entry, short or long.
fn mount_target(item: &Node) -> Option<String> {
    if let Some(target) = item.get("target").and_then(Node::as_str) {
        return Some(target.to_string());
    }
    let text = item.as_str()?;
    let parts: Vec<&str> = text.split(':').collect();
    Some(
        match parts.len() {
            1 => parts[0],
            _ => parts[1],
        }
        .to_string(),
    )
}

/// A service value in the form Compose merges: `build: ./app` as
/// `{context: ./app}`, a single `dns` or `tmpfs` or `env_file` as a list.
fn normalized(key: &str, node: Node) -> Node {
    let mark = node.mark;
    match (&node.kind, key) {
        (Kind::Scalar { .. }, "build") => Node {
            kind: Kind::Map(vec![(Node::string("context", mark), node)]),
            mark,
        },
        (Kind::Scalar { .. }, k) if APPENDED.contains(&k) => Node {
            kind: Kind::Seq(vec![node]),
            mark,
        },
        _ => node,
    }
}

/// A service taken from a file in `dir` by `extends`, with its relative
/// paths (build context, bind sources, env files) made that file's.
fn rebased(service: Node, dir: &Path) -> Node {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        return service;
    }
    let rebase = |text: &str| -> Option<String> {
        let relative = !text.starts_with(['/', '~', '$']) && !text.contains("://");
        relative.then(|| {
            // Still relative (to the project), so still `./`-led: a bare
            // `common/initdb` would read as a volume's name.
            let joined = dir.join(text.trim_start_matches("./"));
            let joined = joined.display().to_string();
            if joined.starts_with(['/', '.']) {
                joined
            } else {
                format!("./{joined}")
            }
        })
    };
    let Kind::Map(entries) = service.kind else {
        return service;
    };
    let entries = entries
        .into_iter()
        .map(|(key, value)| {
            let value = match key.as_str().unwrap_or_default() {
                "build" => {
                    let value = normalized("build", value);
                    map_entry(value, "context", |text| rebase(text))
                }
                "env_file" => {
                    map_items(normalized("env_file", value), |item| match item.as_str() {
                        Some(text) => rebase(text).map(|t| Node::string(t, item.mark)),
                        None => Some(map_entry(item.clone(), "path", |text| rebase(text))),
                    })
                }
                "volumes" => map_items(value, |item| match item.as_str() {
                    Some(text) => {
                        let (source, rest) = text.split_once(':')?;
                        if !source.starts_with('.') {
                            return None;
                        }
                        Some(Node::string(
                            format!("{}:{rest}", rebase(source)?),
                            item.mark,
                        ))
                    }
                    None if item.get("type").and_then(Node::as_str) == Some("bind") => {
                        Some(map_entry(item.clone(), "source", |text| rebase(text)))
                    }
                    None => None,
                }),
                _ => value,
            };
            (key, value)
        })
        .collect();
    Node {
        kind: Kind::Map(entries),
        mark: service.mark,
    }
}

/// `node` with the string under `key` changed by `change` (when it
/// gives something).
fn map_entry(node: Node, key: &str, change: impl Fn(&str) -> Option<String>) -> Node {
    let Kind::Map(entries) = node.kind else {
        return node;
    };
    let entries = entries
        .into_iter()
        .map(|(k, v)| {
            let changed = (k.as_str() == Some(key))
                .then(|| v.as_str().and_then(&change))
                .flatten();
            match changed {
                Some(text) => {
                    let mark = v.mark;
                    (k, Node::string(text, mark))
                }
                None => (k, v),
            }
        })
        .collect();
    Node {
        kind: Kind::Map(entries),
        mark: node.mark,
    }
}

/// A list with each item changed by `change` (or left, when it gives
/// nothing).
fn map_items(node: Node, change: impl Fn(&Node) -> Option<Node>) -> Node {
    let Kind::Seq(items) = node.kind else {
        return node;
    };
    Node {
        kind: Kind::Seq(items.into_iter().map(|i| change(&i).unwrap_or(i)).collect()),
        mark: node.mark,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        yaml::parse(text, 0).unwrap().0
    }

    #[test]
    fn override_files_merge_as_compose_does() {
        let base = node(
            "services:\n  web:\n    image: a\n    ports: ['80:80']\n    environment: [A=1, B=2]\n    volumes: ['d:/data', './c:/conf']\n    command: [x, y]\n",
        );
        let over = node(
            "services:\n  web:\n    image: b\n    ports: ['443:443']\n    environment: {B: 3}\n    volumes: ['e:/data']\n    command: [z]\n",
        );
        let merged = merge(base, over, &[]);
        let web = merged.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(web.get("ports").unwrap().as_seq().unwrap().len(), 2);
        let env = web.get("environment").unwrap();
        assert_eq!(env.get("A").unwrap().as_str(), Some("1"));
        assert_eq!(env.get("B").unwrap().as_str(), Some("3"));
        let volumes: Vec<_> = web
            .get("volumes")
            .unwrap()
            .as_seq()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(volumes, ["./c:/conf", "e:/data"]);
        assert_eq!(web.get("command").unwrap().as_seq().unwrap().len(), 1);
    }
}
