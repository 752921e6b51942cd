//! The items of a file of several hosts: `node`, the `on NODE` of parents
//! and ranges, and `service`.

use super::{Lowerer, single};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::span::{Span, Spanned};
use crate::suggest;
use crate::syntax::ast::{self, Text};

impl Lowerer {
    pub(super) fn node(&mut self, item: &ast::NodeItem) {
        let (mut docker, mut docker_at, mut tls, mut tls_at) = (None, None, None, None);
        for setting in &item.settings {
            match &setting.kind {
                ast::NodeSetting::Docker(address) => single(
                    &mut docker,
                    address.clone(),
                    "docker",
                    setting.span,
                    &mut docker_at,
                    &mut self.diagnostics,
                ),
                ast::NodeSetting::Tls(settings) => {
                    let tls_value = self.tls(settings, setting.span);
                    single(
                        &mut tls,
                        tls_value,
                        "tls",
                        setting.span,
                        &mut tls_at,
                        &mut self.diagnostics,
                    )
                }
            }
        }
        let Some(address) = docker else {
            self.push_node(
                item,
                Spanned::new(Endpoint::Unix(String::new()), item.name.span),
                None,
            );
            self.report(
                Diagnostic::new(
                    Code::NodeInvalid,
                    item.name.span,
                    format!("node `{}` does not say how to reach its engine", item.name.value),
                )
                .note("no `docker` address")
                .help("add one, as `docker -H` takes it: `docker \"unix:///var/run/docker.sock\"`, `docker \"tcp://10.0.0.2:2376\"` or `docker \"ssh://admin@10.0.0.2\"`"),
            );
            return;
        };
        let Some(endpoint) = self.endpoint(&address) else {
            // Kept, unreachable, so that what names it still resolves:
            // the file has an error, and nothing is applied from it.
            self.push_node(
                item,
                Spanned::new(Endpoint::Unix(String::new()), address.span),
                None,
            );
            return;
        };
        if let Some(tls) = &tls
            && !matches!(endpoint, Endpoint::Tcp(_))
        {
            self.report(
                Diagnostic::new(
                    Code::NodeInvalid,
                    tls.span,
                    format!(
                        "node `{}` is reached through `{endpoint}`, which does not take TLS settings",
                        item.name.value
                    ),
                )
                .note("TLS on a socket or ssh")
                .related(address.span, "not tcp://")
                .help("TLS is for `tcp://` engines: delete the `tls` block, or reach the engine at `tcp://HOST:2376`"),
            );
        }
        if !crate::model::names::is_docker_name(&item.name.value) {
            self.report(super::invalid_name("node", &item.name));
        }
        self.push_node(item, Spanned::new(endpoint, address.span), tls);
    }

    /// The node, unless an earlier one took its name: node ids are the
    /// order `declare` gave them.
    fn push_node(&mut self, item: &ast::NodeItem, docker: Spanned<Endpoint>, tls: Option<Tls>) {
        if self.nodes.get(&item.name.value) != Some(&self.topology.nodes.len()) {
            return;
        }
        self.topology.nodes.push(Node {
            name: item.name.clone(),
            docker,
            tls,
            span: item.span,
        });
    }

    fn endpoint(&mut self, address: &Text) -> Option<Endpoint> {
        let text = address.value.trim();
        let endpoint = if let Some(path) = text.strip_prefix("unix://") {
            path.starts_with('/')
                .then(|| Endpoint::Unix(path.to_string()))
        } else if let Some(rest) = text.strip_prefix("tcp://") {
            let rest = rest.trim_end_matches('/');
            let port_ok = match rest.rsplit_once(':') {
                Some((host, port)) => !host.is_empty() && port.parse::<u16>().is_ok(),
                None => !rest.is_empty(),
            };
            (port_ok && !rest.contains('/')).then(|| Endpoint::Tcp(rest.to_string()))
        } else if let Some(rest) = text.strip_prefix("ssh://") {
            let rest = rest.trim_end_matches('/');
            let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
            (!host.is_empty() && !host.starts_with(':') && !rest.contains('/'))
                .then(|| Endpoint::Ssh(rest.to_string()))
        } else {
            None
        };
        if endpoint.is_none() {
            self.report(
                Diagnostic::new(
                    Code::NodeInvalid,
                    address.span,
                    format!("`{}` is not an engine address", address.value),
                )
                .note("not unix://, tcp:// or ssh://")
                .help("write it as `docker -H` takes it: `unix:///var/run/docker.sock`, `tcp://HOST:PORT` or `ssh://USER@HOST`"),
            );
        }
        endpoint
    }

    fn tls(&mut self, settings: &[ast::Setting<ast::TlsSetting>], span: Span) -> Tls {
        let mut tls = Tls {
            ca: None,
            cert: None,
            key: None,
            span,
        };
        let (mut ca_at, mut cert_at, mut key_at) = (None, None, None);
        for setting in settings {
            let (slot, at, keyword, path) = match &setting.kind {
                ast::TlsSetting::Ca(path) => (&mut tls.ca, &mut ca_at, "ca", path),
                ast::TlsSetting::Cert(path) => (&mut tls.cert, &mut cert_at, "cert", path),
                ast::TlsSetting::Key(path) => (&mut tls.key, &mut key_at, "key", path),
            };
            let file = self.topology.base_dir.join(&path.value);
            if !file.is_file() {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::NodeInvalid,
                        path.span,
                        format!("the TLS {keyword} `{}` cannot be read", path.value),
                    )
                    .note("no such file")
                    .help(format!(
                        "give the path of the PEM file (relative paths are read from the file's directory, `{}`)",
                        self.topology.base_dir.display()
                    )),
                );
            }
            single(
                slot,
                Spanned::new(file, path.span),
                keyword,
                setting.span,
                at,
                &mut self.diagnostics,
            );
        }
        let missing: Vec<&str> = [
            ("ca", tls.ca.is_none()),
            ("cert", tls.cert.is_none()),
            ("key", tls.key.is_none()),
        ]
        .into_iter()
        .filter_map(|(keyword, missing)| missing.then_some(keyword))
        .collect();
        if !missing.is_empty() {
            self.report(
                Diagnostic::new(
                    Code::NodeInvalid,
                    span,
                    format!("this `tls` block has no `{}`", missing.join("`, no `")),
                )
                .note("incomplete TLS settings")
                .help("give all three, as `docker --tlsverify` takes them: `tls { ca \"ca.pem\"; cert \"cert.pem\"; key \"key.pem\" }`"),
            );
        }
        tls
    }

    /// The node `text` names; `unknown-node` when the file has none such.
    pub(super) fn node_ref(&mut self, text: &Text) -> Option<Spanned<NodeId>> {
        if let Some(&id) = self.nodes.get(&text.value) {
            return Some(Spanned::new(id, text.span));
        }
        if self.broken.contains(&text.value) {
            return None;
        }
        let hint = suggest::did_you_mean(&text.value, self.nodes.keys().map(String::as_str));
        let help = if self.nodes.is_empty() {
            format!(
                "declare it, with how to reach its engine: `node {} {{ docker \"ssh://USER@HOST\" }}`",
                text.value
            )
        } else {
            let mut known: Vec<&str> = self.nodes.keys().map(String::as_str).collect();
            known.sort();
            format!(
                "the file's nodes are {}; declare `node {} {{ docker \"...\" }}` for another",
                known.join(", "),
                text.value
            )
        };
        self.report(
            Diagnostic::new(
                Code::UnknownNode,
                text.span,
                format!("no node is named `{}`{hint}", text.value),
            )
            .note("undeclared node")
            .help(help),
        );
        None
    }

    /// `parent X on NODE` lines: resolved, one per node.
    pub(super) fn node_parents(&mut self, written: Vec<(Span, Text, Text)>) -> Vec<NodeParent> {
        let mut parents: Vec<NodeParent> = Vec::new();
        let mut first: std::collections::HashMap<NodeId, Span> = Default::default();
        for (span, parent, node) in written {
            self.check_ifname("parent", &parent);
            let Some(node) = self.node_ref(&node) else {
                continue;
            };
            if let Some(&at) = first.get(&node.value) {
                self.report(
                    Diagnostic::new(
                        Code::DuplicateSetting,
                        span,
                        format!(
                            "two parents are given for node `{}`",
                            self.topology
                                .nodes
                                .get(node.value)
                                .map_or("?", |n| n.name.value.as_str())
                        ),
                    )
                    .note("second")
                    .related(at, "first given here")
                    .help("a network has one parent per node: keep one of the two lines"),
                );
                continue;
            }
            first.insert(node.value, span);
            let vlan = self.vlans.get(&parent.value).copied();
            parents.push(NodeParent { node, parent, vlan });
        }
        parents
    }

    /// `service-unsupported` for a container setting Swarm cannot give
    /// a task.
    fn check_service_setting(
        &mut self,
        service: &Text,
        setting: &ast::Setting<ast::ContainerSetting>,
    ) {
        use ast::ContainerSetting as S;
        let mut unsupported = |span: Span, what: &str, fix: &str| {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::ServiceUnsupported,
                    span,
                    format!(
                        "service `{}` sets {what}, which a Swarm service cannot take",
                        service.value
                    ),
                )
                .note("not for a service")
                .help(fix.to_string()),
            );
        };
        match &setting.kind {
            S::Network(decl) => {
                for inner in &decl.settings {
                    let what = match inner.kind {
                        ast::AttachmentSetting::Ip(_) => "a static `ip`",
                        ast::AttachmentSetting::Ip6(_) => "a static `ip6`",
                        ast::AttachmentSetting::Mac(_) => "a `mac`",
                        ast::AttachmentSetting::Alias(_) => continue,
                    };
                    unsupported(
                        inner.span,
                        what,
                        "Swarm assigns each task its address from the node's range: delete it, or make this a `container` with `node NAME`",
                    );
                }
            }
            S::Flag(ast::Flag::Privileged) => unsupported(
                setting.span,
                "`privileged`",
                "delete it, and add only the capabilities it needs with `cap-add`",
            ),
            S::Device(_) => unsupported(
                setting.span,
                "a `device`",
                "Swarm cannot pass devices to a task: make this a `container` with `node NAME`",
            ),
            S::Build(_) => unsupported(
                setting.span,
                "`build`",
                "a Swarm pulls images on every node: build and push the image, then name it with `image`",
            ),
            S::DependsOn { .. } => unsupported(
                setting.span,
                "`depends-on`",
                "Swarm starts tasks in no order: delete it, and let the service retry until what it needs is up",
            ),
            S::Gateway(_) => unsupported(
                setting.span,
                "`gateway`",
                "a task's default route is Swarm's choice: delete it, or make this a `container`",
            ),
            S::Node(_) => unsupported(
                setting.span,
                "`node`",
                "tasks are placed by constraints: write `placement \"node.hostname==HOST\"`",
            ),
            S::Limit {
                limit: ast::Limit::ShmSize,
                ..
            } => unsupported(
                setting.span,
                "`shm-size`",
                "delete it, or mount a tmpfs at /dev/shm: `tmpfs /dev/shm { size 64m }`",
            ),
            S::SecurityOpt(_) => unsupported(
                setting.span,
                "`security-opt`",
                "delete it: Swarm takes no security options for a task",
            ),
            S::Pull(_) => unsupported(
                setting.span,
                "`pull`",
                "delete it: each node pulls a task's image when it has not got it",
            ),
            S::Publish(text)
                if text.value.starts_with('[') || text.value.matches(':').count() >= 2 =>
            {
                unsupported(
                    setting.span,
                    "a `publish` on one address",
                    "Swarm publishes on every address of every node: write `publish HOST-PORT:CONTAINER-PORT`",
                )
            }
            _ => {}
        }
    }

    pub(super) fn service(&mut self, item: &ast::ServiceItem) {
        let settings: Vec<ast::Setting<ast::ContainerSetting>> = item
            .settings
            .iter()
            .filter_map(|setting| match &setting.kind {
                ast::ServiceSetting::Container(kind) => Some(ast::Setting {
                    keyword: setting.keyword,
                    span: setting.span,
                    kind: kind.clone(),
                }),
                _ => None,
            })
            .collect();
        for setting in &settings {
            self.check_service_setting(&item.name, setting);
        }
        let mut container = self.lower_container(&item.name, &settings, item.span, "service");
        if container.name_span.is_none() {
            container.docker_name = format!("{}_{}", self.topology.project.name, item.name.value);
        }
        let (mut replicas, mut replicas_at) = (None, None);
        let mut placement = Vec::new();
        for setting in &item.settings {
            match &setting.kind {
                ast::ServiceSetting::Replicas(text) => {
                    let value = if text.value == "global" {
                        Some(Replicas::Global)
                    } else {
                        self.number(text, "replica count", u32::MAX as u64, Code::InvalidNumber)
                            .map(|count| Replicas::Count(count.value))
                    };
                    if let Some(value) = value {
                        single(
                            &mut replicas,
                            value,
                            "replicas",
                            setting.span,
                            &mut replicas_at,
                            &mut self.diagnostics,
                        );
                    }
                }
                ast::ServiceSetting::Placement(text) => placement.push(text.clone()),
                ast::ServiceSetting::Container(_) => {}
            }
        }
        if self
            .topology
            .services
            .iter()
            .any(|s| s.container.name.value == item.name.value)
        {
            let first = self
                .topology
                .services
                .iter()
                .find(|s| s.container.name.value == item.name.value)
                .map_or(item.span, |s| s.container.name.span);
            self.report(super::duplicate_name("service", &item.name, first));
            return;
        }
        self.topology.services.push(Service {
            container,
            replicas: replicas.unwrap_or(Replicas::Count(1)),
            placement,
            span: item.span,
        });
    }
}
