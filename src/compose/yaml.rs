//! A Compose file's YAML as a tree that remembers where each node was
//! written, built from saphyr-parser's events: anchors and aliases
//! resolved, merge keys (`<<: *base`) applied, a key written twice kept
//! last (as PyYAML and docker-compose 1.x do) and reported.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Where a node starts: a file (index into the import's file list), a
/// line and a column, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    pub file: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    /// A scalar as written; `plain` when unquoted (only a plain `true` is
    /// a boolean, only a plain `null` or `~` is null).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// `!reset` or `!override` on a value of an override file: what the
    /// merge of files does with it (load.rs); gone once files are merged.
    Tagged(Tag, Box<Node>),
}

/// Compose's merge tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `!reset`: the key is removed from what the earlier files gave.
    Reset,
    /// `!override`: the value replaces the earlier one whole.
    Override,
}

/// The merge tag a YAML tag names, if any.
fn merge_tag(tag: Option<&saphyr_parser::Tag>) -> Option<Tag> {
    match tag.map(|t| (t.handle.as_str(), t.suffix.as_str())) {
        Some(("!", "reset")) => Some(Tag::Reset),
        Some(("!", "override")) => Some(Tag::Override),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub mark: Mark,
}

/// A file that is not YAML: what is wrong and where.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub mark: Mark,
    pub message: String,
}

impl Node {
    pub fn null(mark: Mark) -> Node {
        Node {
            kind: Kind::Null,
            mark,
        }
    }

    pub fn string(text: impl Into<String>, mark: Mark) -> Node {
        Node {
            kind: Kind::Scalar {
                text: text.into(),
                plain: false,
            },
            mark,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// The scalar's text (numbers and booleans as written).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Scalar { text, .. } => match text.as_str() {
                "true" | "True" | "TRUE" | "yes" | "Yes" | "on" => Some(true),
                "false" | "False" | "FALSE" | "no" | "No" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// What kind of node this is, for "expected a mapping, found a list".
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "nothing",
            Kind::Scalar { .. } => "a single value",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
            Kind::Tagged(_, inner) => inner.describe(),
        }
    }
}

/// Parses one YAML document. Duplicate keys come back as warnings.
pub fn parse(text: &str, file: usize) -> Result<(Node, Vec<(Mark, String)>), YamlError> {
    let mut builder = Builder {
        file,
        anchors: HashMap::new(),
        stack: Vec::new(),
        root: None,
        warnings: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event() {
            None => break,
            Some(Err(error)) => {
                let marker = error.marker();
                return Err(YamlError {
                    mark: Mark {
                        file,
                        line: marker.line(),
                        column: marker.col() + 1,
                    },
                    message: error.info().to_string(),
                });
            }
            Some(Ok((Event::StreamEnd, _))) => break,
            Some(Ok((event, span))) => {
                if builder.root.is_some() && matches!(event, Event::DocumentStart(_)) {
                    return Err(YamlError {
                        mark: builder.mark(span),
                        message: "a Compose file holds one YAML document; this is a second".into(),
                    });
                }
                builder.event(event, span);
            }
        }
    }
    let root = builder.root.unwrap_or(Node::null(Mark {
        file,
        line: 1,
        column: 1,
    }));
    Ok((root, builder.warnings))
}

enum Open {
    Seq(Node, usize, Option<Tag>),
    /// A mapping, its anchor, its tag, and a key read whose value has not
    /// come.
    Map(Node, usize, Option<Tag>, Option<Node>),
}

fn tagged(node: Node, tag: Option<Tag>) -> Node {
    match tag {
        Some(tag) => Node {
            mark: node.mark,
            kind: Kind::Tagged(tag, Box::new(node)),
        },
        None => node,
    }
}

struct Builder {
    file: usize,
    anchors: HashMap<usize, Node>,
    stack: Vec<Open>,
    root: Option<Node>,
    warnings: Vec<(Mark, String)>,
}

impl Builder {
    fn mark(&self, span: Span) -> Mark {
        Mark {
            file: self.file,
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }

    fn event(&mut self, event: Event, span: Span) {
        let mark = self.mark(span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let tag = merge_tag(tag.as_deref());
                let plain = style == ScalarStyle::Plain;
                let node = if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
                    Node::null(mark)
                } else {
                    Node {
                        kind: Kind::Scalar {
                            text: text.into_owned(),
                            plain,
                        },
                        mark,
                    }
                };
                self.finish(tagged(node, tag), anchor);
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node::null(mark));
                self.finish(node, 0);
            }
            Event::SequenceStart(anchor, tag) => self.stack.push(Open::Seq(
                Node {
                    kind: Kind::Seq(Vec::new()),
                    mark,
                },
                anchor,
                merge_tag(tag.as_deref()),
            )),
            Event::MappingStart(anchor, tag) => self.stack.push(Open::Map(
                Node {
                    kind: Kind::Map(Vec::new()),
                    mark,
                },
                anchor,
                merge_tag(tag.as_deref()),
                None,
            )),
            Event::SequenceEnd => {
                if let Some(Open::Seq(node, anchor, tag)) = self.stack.pop() {
                    self.finish(tagged(node, tag), anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Open::Map(node, anchor, tag, _)) = self.stack.pop() {
                    let node = self.merged(node);
                    self.finish(tagged(node, tag), anchor);
                }
            }
            _ => {}
        }
    }

    /// A complete node: recorded under its anchor, then placed in its
    /// parent (or made the root).
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(seq, _, _)) => {
                if let Kind::Seq(items) = &mut seq.kind {
                    items.push(node);
                }
            }
            Some(Open::Map(map, _, _, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => {
                    let Kind::Map(entries) = &mut map.kind else {
                        return;
                    };
                    let name = key.as_str().map(str::to_string);
                    if let Some(name) = name.filter(|n| n != "<<")
                        && let Some(at) =
                            entries.iter().position(|(k, _)| k.as_str() == Some(&name))
                    {
                        let first = entries[at].0.mark.line;
                        self.warnings.push((
                            key.mark,
                            format!(
                                "the key `{name}` is written twice (first on line {first}); \
                                 the last one is used, as docker-compose 1.x does (Compose v2 \
                                 refuses the file)"
                            ),
                        ));
                        entries.remove(at);
                    }
                    entries.push((key, node));
                }
            },
        }
    }

    /// Applies `<<` merge keys: the merged mappings' keys, in order, where
    /// the mapping does not set them itself.
    fn merged(&self, node: Node) -> Node {
        let Kind::Map(entries) = node.kind else {
            return node;
        };
        if !entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
            return Node {
                kind: Kind::Map(entries),
                mark: node.mark,
            };
        }
        let (merges, mut own): (Vec<_>, Vec<_>) = entries
            .into_iter()
            .partition(|(k, _)| k.as_str() == Some("<<"));
        for (_, source) in merges {
            let sources = match source.kind {
                Kind::Seq(items) => items,
                _ => vec![source],
            };
            for source in sources {
                for (key, value) in source.as_map().unwrap_or_default() {
                    if !own.iter().any(|(k, _)| k.as_str() == key.as_str()) {
                        own.push((key.clone(), value.clone()));
                    }
                }
            }
        }
        Node {
            kind: Kind::Map(own),
            mark: node.mark,
        }
    }
}

/// The tree with merge tags dropped (what is left of them once every file
/// is merged: in the first file they mean nothing).
pub fn untagged(node: Node) -> Option<Node> {
    let mark = node.mark;
    let kind = match node.kind {
        Kind::Tagged(Tag::Reset, _) => return None,
        Kind::Tagged(Tag::Override, inner) => return untagged(*inner),
        Kind::Seq(items) => Kind::Seq(items.into_iter().filter_map(untagged).collect()),
        Kind::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .filter_map(|(k, v)| Some((k, untagged(v)?)))
                .collect(),
        ),
        other => other,
    };
    Some(Node { kind, mark })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_merge_keys_and_marks() {
        let text = "x-base: &base\n  image: a\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: b\n";
        let (root, warnings) = parse(text, 0).unwrap();
        assert!(warnings.is_empty());
        let web = root.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(web.get("restart").unwrap().as_str(), Some("always"));
        assert_eq!(web.get("image").unwrap().mark.line, 7);
        assert_eq!(web.get("image").unwrap().mark.column, 12);
    }

    #[test]
    fn duplicate_keys_keep_the_last_and_warn() {
        let (root, warnings) = parse("a: 1\nb: 2\na: 3\n", 0).unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("3"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0.line, 3);
    }

    #[test]
    fn nulls_and_quoted_values() {
        let (root, _) = parse("a:\nb: ~\nc: 'null'\nd: \"no\"\n", 0).unwrap();
        assert!(root.get("a").unwrap().is_null());
        assert!(root.get("b").unwrap().is_null());
        assert_eq!(root.get("c").unwrap().as_str(), Some("null"));
        assert_eq!(root.get("d").unwrap().as_str(), Some("no"));
    }

    #[test]
    fn errors_have_a_line_and_column() {
        let error = parse("services:\n  web:\n    image: a\n   bad: [\n", 0).unwrap_err();
        assert!(error.mark.line >= 4, "{error:?}");
    }
}
