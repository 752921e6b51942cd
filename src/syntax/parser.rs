//! Text to `Ast`, one top-level item at a time, so that an item the grammar
//! cannot read costs only itself.

use super::ast::*;
use super::interpolate::{Environment, interpolate};
use super::keywords::Block;
use super::wording::{self, Explainer};
use super::{Grammar, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{Span, Spanned};
use pest::Parser as _;
use pest::iterators::Pair;

/// Parses a whole file. Syntax problems come back as `syntax` diagnostics;
/// everything that could be read is in the tree. Values with `${VAR}` are
/// resolved against no variables (see `parse_with`).
pub fn parse(text: &str) -> (Ast, Vec<Diagnostic>) {
    parse_with(text, &Environment::empty())
}

/// As `parse`, resolving `${VAR}` in values from `env`.
pub fn parse_with(text: &str, env: &Environment) -> (Ast, Vec<Diagnostic>) {
    let mut builder = Builder {
        text,
        env,
        offset: 0,
        diagnostics: Vec::new(),
        broken_names: Vec::new(),
        resolved: Vec::new(),
    };
    let mut ast = Ast::default();
    // The grammar recurses into every brace: a file nested past any real
    // topology's depth is refused before the parser's stack runs out.
    if let Some(brace) = too_deep(text) {
        let diagnostic = Diagnostic::new(
            Code::Syntax,
            Span::new(brace, brace + 1),
            format!("braces nested more than {MAX_DEPTH} deep"),
        )
        .note("this `{` opens one block too many")
        .help("a topology nests at most three blocks (`network` > `subnet` > `range`): close the blocks left open");
        return (ast, vec![diagnostic]);
    }
    // A byte order mark, which some Windows editors write, is no item.
    let mut offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while offset < text.len() {
        builder.offset = offset;
        match Grammar::parse(Rule::next_item, &text[offset..]) {
            Ok(mut pairs) => {
                let next = pairs.next().expect("next_item yields one pair");
                let consumed = next.as_span().end();
                let item = next.into_inner().find(|pair| pair.as_rule() != Rule::EOI);
                let Some(item) = item else { break };
                if let Some(item) = builder.item(item) {
                    ast.items.push(item);
                }
                offset += consumed;
            }
            Err(error) => {
                let failure = wording::parse_failure(text, offset, &error);
                ast.broken_names.extend(failure.item_name);
                builder.diagnostics.push(failure.diagnostic);
                match failure.resume {
                    Some(resume) if resume > offset => offset = resume,
                    _ => break,
                }
            }
        }
    }
    ast.broken_names.extend(builder.broken_names);
    ast.resolved = builder.resolved;
    (ast, builder.diagnostics)
}

/// How deep braces may nest: well past any topology (three), well short
/// of the parser's stack (measured: overflows past about 2,000 in a debug
/// build on an 8 MB stack).
pub const MAX_DEPTH: usize = 64;

/// The brace that opens a block `MAX_DEPTH` blocks deep, outside strings
/// and comments.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

struct Builder<'t> {
    text: &'t str,
    env: &'t Environment,
    /// Where the slice being parsed starts in `text`: pest's spans are
    /// relative to it.
    offset: usize,
    diagnostics: Vec<Diagnostic>,
    /// The names of items that could not be read (`contianer web`).
    broken_names: Vec<String>,
    resolved: Vec<(Span, String)>,
}

impl<'t> Builder<'t> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        Span::from(pair.as_span()).shifted(self.offset)
    }

    fn word(&self, pair: Pair<'_, Rule>) -> Text {
        Spanned::new(pair.as_str().to_string(), self.span(&pair))
    }

    /// A value written bare: `${VAR}` resolved, the span as written.
    fn value(&mut self, pair: Pair<'_, Rule>) -> Text {
        let span = self.span(&pair);
        let raw = pair.as_str();
        let value = interpolate(raw, raw, span.start, self.env, &mut self.diagnostics);
        if raw.contains('$') {
            let bare = !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.@-:/%".contains(c));
            self.resolved.push((span, written_back(&value, bare)));
        }
        Spanned::new(value, span)
    }

    /// A word, a value or a string, with the string's escapes and its
    /// variables resolved.
    fn text(&mut self, pair: Pair<'_, Rule>) -> Text {
        if pair.as_rule() != Rule::string {
            return self.value(pair);
        }
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let body = inner.next().expect("a string has a body");
        let closed = inner.next().is_some();
        if !closed {
            self.diagnostics.push(
                Diagnostic::new(Code::Syntax, span, "unterminated string")
                    .note("this string has no closing `\"`")
                    .help("add a `\"` at the end of the string; strings do not span lines"),
            );
        }
        let body_start = self.span(&body).start;
        let value = self.unescape(body.as_str(), body_start);
        let value = interpolate(
            &value,
            body.as_str(),
            body_start,
            self.env,
            &mut self.diagnostics,
        );
        if body.as_str().contains('$') {
            self.resolved.push((span, written_back(&value, false)));
        }
        Spanned::new(value, span)
    }

    fn unescape(&mut self, raw: &str, start: usize) -> String {
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) => {
                    let span = Span::new(start + i, start + j + other.len_utf8());
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Syntax,
                            span,
                            format!("unknown escape `\\{other}` in a string"),
                        )
                        .note("not an escape")
                        .help("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`; write `\\\\` for a backslash"),
                    );
                    value.push(other);
                }
                None => value.push('\\'),
            }
        }
        value
    }

    fn explainer(&self) -> Explainer<'t> {
        Explainer { text: self.text }
    }

    fn item(&mut self, inner: Pair<'_, Rule>) -> Option<Item> {
        let span = self.span(&inner);
        let mut parts = inner.clone().into_inner();
        Some(match inner.as_rule() {
            Rule::project => {
                parts.next();
                Item::Project(ProjectItem {
                    span,
                    name: self.word(parts.next()?),
                })
            }
            // A host NIC is the host's, not a name of the file's own:
            // `parent ${NIC}` reads from the environment.
            Rule::parent_item => {
                parts.next();
                Item::Parent(ParentItem {
                    span,
                    name: self.value(parts.next()?),
                })
            }
            Rule::vlan => Item::Vlan(self.vlan(span, parts)),
            Rule::network => {
                let (name, settings) =
                    self.named_block(parts, Block::Network, Self::network_setting)?;
                Item::Network(NetworkItem {
                    span,
                    name,
                    settings,
                })
            }
            Rule::shim => {
                let (name, settings) = self.named_block(parts, Block::Shim, Self::shim_setting)?;
                Item::Shim(ShimItem {
                    span,
                    name,
                    settings,
                })
            }
            Rule::container => {
                let (name, settings) =
                    self.named_block(parts, Block::Container, Self::container_setting)?;
                Item::Container(ContainerItem {
                    span,
                    name,
                    settings,
                })
            }
            Rule::volume_item => {
                let (name, settings) =
                    self.named_block(parts, Block::Volume, Self::volume_setting)?;
                Item::Volume(VolumeItem {
                    span,
                    name,
                    settings,
                })
            }
            Rule::node_item => {
                let (name, settings) = self.named_block(parts, Block::Node, Self::node_setting)?;
                Item::Node(NodeItem {
                    span,
                    name,
                    settings,
                })
            }
            Rule::service => {
                let (name, settings) =
                    self.named_block(parts, Block::Service, Self::service_setting)?;
                Item::Service(ServiceItem {
                    span,
                    name,
                    settings,
                })
            }
            Rule::loose_item => {
                if let Some(name) = inner.clone().into_inner().nth(1)
                    && name.as_rule() == Rule::loose_token
                {
                    self.broken_names.push(name.as_str().to_string());
                }
                let shift = self.offset;
                let diagnostic = self.explainer().loose_item(&inner, shift);
                self.diagnostics.push(diagnostic);
                return None;
            }
            rule => unreachable!("item child {rule:?}"),
        })
    }

    /// `KEYWORD NAME { ... }`: the name and the block's settings (none
    /// when the block is left out).
    fn named_block<'i, T>(
        &mut self,
        mut parts: impl Iterator<Item = Pair<'i, Rule>>,
        kind: Block,
        setting: fn(&mut Self, Pair<'_, Rule>) -> T,
    ) -> Option<(Text, Vec<Setting<T>>)> {
        parts.next(); // the keyword
        let name = self.word(parts.next()?);
        let settings = match parts.next() {
            Some(block) => self.block(block, kind, setting),
            None => Vec::new(),
        };
        Some((name, settings))
    }

    fn vlan<'i>(
        &mut self,
        span: Span,
        mut parts: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> VlanItem {
        parts.next(); // `vlan`
        let head = parts.next().expect("a vlan has a name or a short form");
        let mut settings = Vec::new();
        let form = if head.as_rule() == Rule::vlan_short {
            let mut short = head.into_inner();
            let id = self.word(short.next().expect("id"));
            short.next(); // `on`
            let parent = self.word(short.next().expect("parent"));
            if let Some(block) = short.next() {
                settings = self.block(block, Block::Vlan, Self::vlan_setting);
            }
            VlanForm::Short { id, parent }
        } else {
            let name = self.word(head);
            if let Some(block) = parts.next() {
                settings = self.block(block, Block::Vlan, Self::vlan_setting);
            }
            VlanForm::Named(name)
        };
        VlanItem {
            span,
            form,
            settings,
        }
    }

    /// The statements of a block: each known one through `setting`, each
    /// unreadable one explained and dropped.
    fn block<T>(
        &mut self,
        block: Pair<'_, Rule>,
        kind: Block,
        setting: fn(&mut Self, Pair<'_, Rule>) -> T,
    ) -> Vec<Setting<T>> {
        let mut settings = Vec::new();
        let open = self.span(&block).start;
        for statement in block.into_inner() {
            if matches!(statement.as_rule(), Rule::open_brace | Rule::close_brace) {
                continue;
            }
            let inner = statement;
            if inner.as_rule() == Rule::loose_statement {
                let shift = self.offset;
                let diagnostic = self.explainer().loose_statement(&inner, shift, kind, open);
                self.diagnostics.push(diagnostic);
                continue;
            }
            let span = self.span(&inner);
            let keyword = inner
                .clone()
                .into_inner()
                .next()
                .map_or(span, |keyword| self.span(&keyword));
            settings.push(Setting {
                keyword,
                span,
                kind: setting(self, inner),
            });
        }
        settings
    }

    /// The values of a setting, without its keyword.
    fn args<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
        pair.into_inner()
            .filter(|pair| !matches!(pair.as_rule(), Rule::equals) && !is_keyword(pair.as_rule()))
    }

    fn one(&mut self, pair: Pair<'_, Rule>) -> Text {
        let arg = Self::args(pair).next().expect("a setting has a value");
        self.text(arg)
    }

    fn vlan_setting(&mut self, pair: Pair<'_, Rule>) -> VlanSetting {
        match pair.as_rule() {
            Rule::parent_setting => VlanSetting::Parent(self.one(pair)),
            Rule::id_setting => VlanSetting::Id(self.one(pair)),
            Rule::mtu_setting => VlanSetting::Mtu(self.one(pair)),
            rule => unreachable!("vlan setting {rule:?}"),
        }
    }

    fn network_setting(&mut self, pair: Pair<'_, Rule>) -> NetworkSetting {
        match pair.as_rule() {
            Rule::mode_setting => NetworkSetting::Mode(self.one(pair)),
            Rule::network_parent => {
                let (name, node) = self.on_node(pair, Self::value);
                NetworkSetting::Parent { name, node }
            }
            Rule::subnet_setting => NetworkSetting::Subnet(self.subnet(pair)),
            Rule::gateway_setting => NetworkSetting::Gateway(self.one(pair)),
            Rule::range_setting => NetworkSetting::Range(self.range(pair)),
            Rule::reserve_setting => NetworkSetting::Reserve(self.reserve(pair)),
            Rule::label_setting => {
                let (key, value) = self.pair_of(pair);
                NetworkSetting::Label { key, value }
            }
            Rule::name_setting => NetworkSetting::Name(self.one(pair)),
            Rule::internal_setting => NetworkSetting::Internal,
            Rule::driver_setting => NetworkSetting::Driver(self.one(pair)),
            Rule::external_setting => NetworkSetting::External,
            rule => unreachable!("network setting {rule:?}"),
        }
    }

    /// `VALUE [on NODE]`: the value read by `read`, and the node.
    fn on_node(
        &mut self,
        pair: Pair<'_, Rule>,
        read: fn(&mut Self, Pair<'_, Rule>) -> Text,
    ) -> (Text, Option<Text>) {
        let mut args = Self::args(pair);
        let value = read(self, args.next().expect("a value"));
        let node = args.next().map(|on| {
            let name = on.into_inner().nth(1).expect("`on` names a node");
            self.word(name)
        });
        (value, node)
    }

    fn range(&mut self, pair: Pair<'_, Rule>) -> RangeDecl {
        let (prefix, node) = self.on_node(pair, Self::value);
        RangeDecl { prefix, node }
    }

    fn pair_of(&mut self, pair: Pair<'_, Rule>) -> (Text, Text) {
        let mut args = Self::args(pair);
        let key = self.word(args.next().expect("key"));
        let value = self.text(args.next().expect("value"));
        (key, value)
    }

    fn reserve(&mut self, pair: Pair<'_, Rule>) -> Reserve {
        let args: Vec<_> = Self::args(pair).collect();
        let mut args = args.into_iter();
        match (args.next(), args.next()) {
            (Some(name), Some(address)) => Reserve {
                name: Some(self.word(name)),
                address: self.value(address),
            },
            (Some(address), None) => Reserve {
                name: None,
                address: self.value(address),
            },
            _ => unreachable!("reserve has an address"),
        }
    }

    fn subnet(&mut self, pair: Pair<'_, Rule>) -> SubnetDecl {
        let mut parts = pair.into_inner();
        parts.next(); // `subnet`
        let prefix = self.value(parts.next().expect("a subnet has a prefix"));
        let settings = self.inline_then_block(
            parts,
            Rule::subnet_block,
            Block::Subnet,
            Self::subnet_setting,
        );
        SubnetDecl { prefix, settings }
    }

    /// Settings written on the statement's line (`subnet P gateway G`),
    /// then those of its block, as one list.
    fn inline_then_block<'i, T>(
        &mut self,
        parts: impl Iterator<Item = Pair<'i, Rule>>,
        block_rule: Rule,
        block: Block,
        setting: fn(&mut Self, Pair<'_, Rule>) -> T,
    ) -> Vec<Setting<T>> {
        let mut settings = Vec::new();
        for part in parts {
            if part.as_rule() == block_rule {
                settings.extend(self.block(part, block, setting));
                continue;
            }
            let span = self.span(&part);
            let keyword = part
                .clone()
                .into_inner()
                .next()
                .map_or(span, |k| self.span(&k));
            let kind = setting(self, part);
            settings.push(Setting {
                keyword,
                span,
                kind,
            });
        }
        settings
    }

    fn subnet_setting(&mut self, pair: Pair<'_, Rule>) -> SubnetSetting {
        match pair.as_rule() {
            Rule::gateway_setting => SubnetSetting::Gateway(self.one(pair)),
            Rule::range_setting => SubnetSetting::Range(self.range(pair)),
            Rule::reserve_setting => SubnetSetting::Reserve(self.reserve(pair)),
            rule => unreachable!("subnet setting {rule:?}"),
        }
    }

    fn shim_setting(&mut self, pair: Pair<'_, Rule>) -> ShimSetting {
        match pair.as_rule() {
            Rule::shim_network => ShimSetting::Network(self.one(pair)),
            Rule::address_setting => ShimSetting::Address(self.one(pair)),
            Rule::route_setting => ShimSetting::Route(self.one(pair)),
            Rule::node_ref => ShimSetting::Node(self.one(pair)),
            rule => unreachable!("shim setting {rule:?}"),
        }
    }

    fn container_setting(&mut self, pair: Pair<'_, Rule>) -> ContainerSetting {
        match pair.as_rule() {
            Rule::image_setting => ContainerSetting::Image(self.one(pair)),
            Rule::command_setting => {
                ContainerSetting::Command(Self::args(pair).map(|arg| self.text(arg)).collect())
            }
            Rule::hostname_setting => ContainerSetting::Hostname(self.one(pair)),
            Rule::env_setting => {
                let (key, value) = self.pair_of(pair);
                ContainerSetting::Env { key, value }
            }
            Rule::attachment => ContainerSetting::Network(self.attachment(pair)),
            Rule::container_gateway => ContainerSetting::Gateway(self.one(pair)),
            Rule::depends_on_setting => {
                let mut names = Vec::new();
                let mut condition = None;
                for arg in Self::args(pair) {
                    if arg.as_rule() == Rule::condition {
                        condition = Some(self.word(arg));
                    } else {
                        names.push(self.word(arg));
                    }
                }
                ContainerSetting::DependsOn { names, condition }
            }
            Rule::restart_setting => ContainerSetting::Restart(self.one(pair)),
            Rule::name_setting => ContainerSetting::Name(self.one(pair)),
            Rule::build_setting => ContainerSetting::Build(self.build(pair)),
            Rule::pull_setting => ContainerSetting::Pull(self.one(pair)),
            Rule::entrypoint_setting => ContainerSetting::Entrypoint(self.all(pair)),
            Rule::user_setting => ContainerSetting::User(self.one(pair)),
            Rule::workdir_setting => ContainerSetting::Workdir(self.one(pair)),
            Rule::env_file_setting => ContainerSetting::EnvFile(self.one(pair)),
            Rule::mount_setting => ContainerSetting::Mount(self.one(pair)),
            Rule::tmpfs_setting => {
                let mut parts = pair.into_inner();
                parts.next(); // `tmpfs`
                let path = self.text(parts.next().expect("a tmpfs has a path"));
                let settings = match parts.next() {
                    Some(block) => self.block(block, Block::Tmpfs, Self::tmpfs_setting),
                    None => Vec::new(),
                };
                ContainerSetting::Tmpfs { path, settings }
            }
            Rule::cap_add_setting => ContainerSetting::CapAdd(self.all(pair)),
            Rule::cap_drop_setting => ContainerSetting::CapDrop(self.all(pair)),
            Rule::device_setting => ContainerSetting::Device(self.one(pair)),
            Rule::flag_setting => {
                let keyword = pair.into_inner().next().expect("a flag is a keyword");
                ContainerSetting::Flag(match keyword.as_rule() {
                    Rule::kw_privileged => Flag::Privileged,
                    Rule::kw_read_only => Flag::ReadOnly,
                    Rule::kw_init => Flag::Init,
                    Rule::kw_tty => Flag::Tty,
                    Rule::kw_stdin_open => Flag::StdinOpen,
                    rule => unreachable!("flag {rule:?}"),
                })
            }
            Rule::sysctl_setting => {
                let (key, value) = self.pair_of(pair);
                ContainerSetting::Sysctl { key, value }
            }
            Rule::dns_setting => ContainerSetting::Dns(self.all(pair)),
            Rule::dns_search_setting => ContainerSetting::DnsSearch(self.all(pair)),
            Rule::dns_option_setting => ContainerSetting::DnsOption(self.all(pair)),
            Rule::extra_host_setting => {
                let (host, address) = self.pair_of(pair);
                ContainerSetting::ExtraHost { host, address }
            }
            Rule::security_opt_setting => ContainerSetting::SecurityOpt(self.all(pair)),
            Rule::label_setting => {
                let (key, value) = self.pair_of(pair);
                ContainerSetting::Label { key, value }
            }
            Rule::stop_signal_setting => ContainerSetting::StopSignal(self.one(pair)),
            Rule::stop_grace_setting => ContainerSetting::StopGrace(self.one(pair)),
            Rule::health_setting => {
                let block = pair.into_inner().nth(1).expect("health has a block");
                ContainerSetting::Health(self.block(block, Block::Health, Self::health_setting))
            }
            Rule::limit_setting => {
                let keyword = pair.clone().into_inner().next().expect("a limit's keyword");
                let limit = match keyword.as_rule() {
                    Rule::kw_memory => Limit::Memory,
                    Rule::kw_cpus => Limit::Cpus,
                    Rule::kw_shm_size => Limit::ShmSize,
                    Rule::kw_pids_limit => Limit::PidsLimit,
                    rule => unreachable!("limit {rule:?}"),
                };
                ContainerSetting::Limit {
                    limit,
                    value: self.one(pair),
                }
            }
            Rule::publish_setting => ContainerSetting::Publish(self.one(pair)),
            Rule::node_ref => ContainerSetting::Node(self.one(pair)),
            Rule::log_setting => {
                let mut parts = pair.into_inner();
                parts.next(); // `log`
                let driver = self.value(parts.next().expect("a log driver"));
                let options = match parts.next() {
                    Some(block) => self
                        .block(block, Block::Log, |this, option| {
                            let mut words = option.into_inner();
                            let key = this.word(words.next().expect("an option's name"));
                            let value = this.text(words.next().expect("an option's value"));
                            (key, value)
                        })
                        .into_iter()
                        .map(|setting| setting.kind)
                        .collect(),
                    None => Vec::new(),
                };
                ContainerSetting::Log { driver, options }
            }
            rule => unreachable!("container setting {rule:?}"),
        }
    }

    /// Every value of a multi-valued setting.
    fn all(&mut self, pair: Pair<'_, Rule>) -> Vec<Text> {
        Self::args(pair).map(|arg| self.text(arg)).collect()
    }

    fn build(&mut self, pair: Pair<'_, Rule>) -> BuildDecl {
        let mut parts = pair.into_inner();
        parts.next(); // `build`
        let context = self.text(parts.next().expect("a build has a context"));
        let settings = match parts.next() {
            Some(block) => self.block(block, Block::Build, |this, setting| {
                match setting.as_rule() {
                    Rule::dockerfile_setting => BuildSetting::Dockerfile(this.one(setting)),
                    Rule::arg_setting => {
                        let (key, value) = this.pair_of(setting);
                        BuildSetting::Arg { key, value }
                    }
                    Rule::target_setting => BuildSetting::Target(this.one(setting)),
                    rule => unreachable!("build setting {rule:?}"),
                }
            }),
            None => Vec::new(),
        };
        BuildDecl { context, settings }
    }

    fn tmpfs_setting(&mut self, pair: Pair<'_, Rule>) -> TmpfsSetting {
        match pair.as_rule() {
            Rule::size_setting => TmpfsSetting::Size(self.one(pair)),
            Rule::mode_setting => TmpfsSetting::Mode(self.one(pair)),
            rule => unreachable!("tmpfs setting {rule:?}"),
        }
    }

    fn health_setting(&mut self, pair: Pair<'_, Rule>) -> HealthSetting {
        match pair.as_rule() {
            Rule::test_setting => {
                let first = pair.clone().into_inner().nth(1);
                match first.map(|first| first.as_rule()) {
                    Some(Rule::kw_shell) => HealthSetting::Shell(self.one(pair)),
                    Some(Rule::kw_none) => HealthSetting::None,
                    _ => HealthSetting::Exec(self.all(pair)),
                }
            }
            Rule::duration_setting => {
                let keyword = pair.clone().into_inner().next().expect("a keyword");
                let keyword = self.word(keyword);
                HealthSetting::Duration {
                    keyword,
                    value: self.one(pair),
                }
            }
            Rule::retries_setting => HealthSetting::Retries(self.one(pair)),
            rule => unreachable!("health setting {rule:?}"),
        }
    }

    fn node_setting(&mut self, pair: Pair<'_, Rule>) -> NodeSetting {
        match pair.as_rule() {
            Rule::docker_setting => NodeSetting::Docker(self.one(pair)),
            Rule::tls_setting => {
                let block = pair.into_inner().nth(1).expect("tls has a block");
                NodeSetting::Tls(self.block(block, Block::Tls, |this, setting| {
                    match setting.as_rule() {
                        Rule::ca_setting => TlsSetting::Ca(this.one(setting)),
                        Rule::cert_setting => TlsSetting::Cert(this.one(setting)),
                        Rule::key_setting => TlsSetting::Key(this.one(setting)),
                        rule => unreachable!("tls setting {rule:?}"),
                    }
                }))
            }
            rule => unreachable!("node setting {rule:?}"),
        }
    }

    fn service_setting(&mut self, pair: Pair<'_, Rule>) -> ServiceSetting {
        match pair.as_rule() {
            Rule::replicas_setting => ServiceSetting::Replicas(self.one(pair)),
            Rule::placement_setting => ServiceSetting::Placement(self.one(pair)),
            _ => ServiceSetting::Container(self.container_setting(pair)),
        }
    }

    fn volume_setting(&mut self, pair: Pair<'_, Rule>) -> VolumeSetting {
        match pair.as_rule() {
            Rule::external_setting => VolumeSetting::External,
            Rule::name_setting => VolumeSetting::Name(self.one(pair)),
            Rule::label_setting => {
                let (key, value) = self.pair_of(pair);
                VolumeSetting::Label { key, value }
            }
            Rule::driver_setting => VolumeSetting::Driver(self.one(pair)),
            rule => unreachable!("volume setting {rule:?}"),
        }
    }

    fn attachment(&mut self, pair: Pair<'_, Rule>) -> AttachmentDecl {
        let mut parts = pair.into_inner();
        parts.next(); // `network`
        let network = self.word(parts.next().expect("an attachment names its network"));
        let settings = self.inline_then_block(
            parts,
            Rule::attachment_block,
            Block::Attachment,
            Self::attachment_setting,
        );
        AttachmentDecl { network, settings }
    }

    fn attachment_setting(&mut self, pair: Pair<'_, Rule>) -> AttachmentSetting {
        match pair.as_rule() {
            Rule::ip_setting => AttachmentSetting::Ip(self.one(pair)),
            Rule::ip6_setting => AttachmentSetting::Ip6(self.one(pair)),
            Rule::mac_setting => AttachmentSetting::Mac(self.one(pair)),
            Rule::alias_setting => AttachmentSetting::Alias(self.one(pair)),
            rule => unreachable!("attachment setting {rule:?}"),
        }
    }
}

/// A resolved value as the file would say it, so that reading it again
/// gives the same value (`macrame config`): bare, or as a string.
fn written_back(value: &str, bare: bool) -> String {
    if bare {
        return value.replace('$', "$$");
    }
    let quoted = value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('$', "$$");
    format!("\"{quoted}\"")
}

fn is_keyword(rule: Rule) -> bool {
    super::keywords::keyword_of(rule).is_some()
}
