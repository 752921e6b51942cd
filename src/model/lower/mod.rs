//! Syntax tree to topology: resolve names, type every value, fill in
//! derived names. What cannot be resolved or typed is reported here and
//! left out of the model, so that rules downstream see only sound values.

mod nodes;
mod options;

use super::names::{self, ifname_problem, is_docker_name};
use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{Span, Spanned};
use crate::suggest;
use crate::syntax::ast::{self, Ast, Item, Text};
use ipnetwork::IpNetwork;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

/// Lowers a parsed file. `default_project` is the project name to use when
/// the file has no `project` line (the file's directory name).
pub fn lower(ast: &Ast, default_project: &str) -> (Topology, Vec<Diagnostic>) {
    lower_with(ast, default_project, None)
}

/// As `lower`, with `forced` (the command line's `-p`) taking precedence
/// over the file's `project` line, as in Docker Compose.
pub fn lower_with(
    ast: &Ast,
    default_project: &str,
    forced: Option<&str>,
) -> (Topology, Vec<Diagnostic>) {
    lower_in(ast, default_project, forced, std::path::Path::new("."))
}

/// As `lower_with`, for a file in `base_dir`: relative bind mounts, build
/// contexts and env files are read from there.
pub fn lower_in(
    ast: &Ast,
    default_project: &str,
    forced: Option<&str>,
    base_dir: &std::path::Path,
) -> (Topology, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        topology: Topology::default(),
        diagnostics: Vec::new(),
        networks: HashMap::new(),
        docker_names: HashMap::new(),
        containers: HashMap::new(),
        interfaces: HashMap::new(),
        vlans: HashMap::new(),
        nodes: HashMap::new(),
        broken: ast.broken_names.iter().cloned().collect(),
    };
    lowerer.project(ast, default_project);
    if let Some(project) = forced {
        lowerer.topology.project.name = project.to_string();
    }
    lowerer.topology.base_dir = base_dir.to_path_buf();
    lowerer.declare(ast);
    for item in &ast.items {
        match item {
            Item::Node(node) => lowerer.node(node),
            Item::Parent(parent) => lowerer.parent(parent),
            Item::Vlan(vlan) => lowerer.vlan(vlan),
            Item::Volume(volume) => lowerer.volume(volume),
            _ => {}
        }
    }
    for item in &ast.items {
        if let Item::Network(network) = item {
            lowerer.network(network);
        }
    }
    for item in &ast.items {
        match item {
            Item::Shim(shim) => lowerer.shim(shim),
            Item::Container(container) => lowerer.container(container),
            Item::Service(service) => lowerer.service(service),
            _ => {}
        }
    }
    let Lowerer {
        mut topology,
        diagnostics,
        broken,
        ..
    } = lowerer;
    topology.broken = broken.into_iter().collect();
    topology.broken.sort();
    (topology, diagnostics)
}

struct Lowerer {
    topology: Topology,
    diagnostics: Vec<Diagnostic>,
    networks: HashMap<String, NetworkId>,
    /// Docker network names in use, to catch a `name` that collides with
    /// another network's derived name.
    docker_names: HashMap<String, Span>,
    containers: HashMap<String, ContainerId>,
    /// Parents, vlans and shims: one namespace, the host's interface names.
    interfaces: HashMap<String, Span>,
    vlans: HashMap<String, VlanId>,
    nodes: HashMap<String, NodeId>,
    broken: HashSet<String>,
}

/// Keeps the first value of a single-valued setting, reporting the others.
fn single<T>(
    slot: &mut Option<T>,
    value: T,
    keyword: &str,
    setting: Span,
    first: &mut Option<Span>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match first {
        Some(first) => diagnostics.push(
            Diagnostic::new(
                Code::DuplicateSetting,
                setting,
                format!("`{keyword}` is given twice in one block"),
            )
            .note("second")
            .related(*first, "first given here")
            .help(format!("keep one `{keyword}` line and delete the other")),
        ),
        None => {
            *first = Some(setting);
            *slot = Some(value);
        }
    }
}

impl Lowerer {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn project(&mut self, ast: &Ast, default_project: &str) {
        let mut first: Option<Span> = None;
        for item in &ast.items {
            let Item::Project(project) = item else {
                continue;
            };
            if let Some(first) = first {
                self.report(
                    Diagnostic::new(
                        Code::DuplicateSetting,
                        project.span,
                        "`project` is given twice",
                    )
                    .note("second")
                    .related(first, "first given here")
                    .help("a file describes one project: keep one `project` line"),
                );
                continue;
            }
            first = Some(project.span);
            let name = &project.name;
            if !is_docker_name(&name.value) {
                self.report(invalid_name("project", name));
            }
            self.topology.project = Project {
                name: name.value.clone(),
                span: Some(name.span),
            };
        }
        if first.is_none() {
            self.topology.project = Project {
                name: default_project.to_string(),
                span: None,
            };
        }
    }

    /// Registers every network and container name first, so that a
    /// reference may come before the declaration.
    fn declare(&mut self, ast: &Ast) {
        let mut first_network: HashMap<&str, Span> = HashMap::new();
        let mut first_container: HashMap<&str, Span> = HashMap::new();
        let mut first_node: HashMap<&str, Span> = HashMap::new();
        for item in &ast.items {
            let (name, table, firsts, what) = match item {
                Item::Network(network) => (
                    &network.name,
                    &mut self.networks,
                    &mut first_network,
                    "network",
                ),
                Item::Container(container) => (
                    &container.name,
                    &mut self.containers,
                    &mut first_container,
                    "container",
                ),
                Item::Node(node) => (&node.name, &mut self.nodes, &mut first_node, "node"),
                _ => continue,
            };
            // The first declaration wins; the others are reported.
            match firsts.entry(&name.value) {
                Entry::Occupied(first) => {
                    self.diagnostics
                        .push(duplicate_name(what, name, *first.get()));
                }
                Entry::Vacant(slot) => {
                    slot.insert(name.span);
                    let id = table.len();
                    table.insert(name.value.clone(), id);
                }
            }
        }
    }

    fn interface(&mut self, what: &str, name: &Text) -> bool {
        self.check_ifname(&format!("{what} name"), name);
        match self.interfaces.entry(name.value.clone()) {
            Entry::Occupied(first) => {
                let first = *first.get();
                self.report(duplicate_name("interface", name, first));
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(name.span);
                true
            }
        }
    }

    /// `ifname-invalid` when the kernel would refuse `name`.
    fn check_ifname(&mut self, what: &str, name: &Text) {
        let Some(problem) = ifname_problem(&name.value) else {
            return;
        };
        self.report(
            Diagnostic::new(
                Code::IfnameInvalid,
                name.span,
                format!("{what} `{}` {problem}", name.value),
            )
            .note("not a valid interface name")
            .help(format!(
                "interface names are 1 to {} bytes, not `.` or `..`, e.g. `{}`",
                names::IFNAME_MAX,
                shorten(&name.value)
            )),
        );
    }

    fn parent(&mut self, parent: &ast::ParentItem) {
        if self.interface("parent", &parent.name) {
            self.topology.parents.push(parent.name.clone());
        }
    }

    fn vlan(&mut self, item: &ast::VlanItem) {
        let (mut parent, mut id, mut mtu) = (None, None, None);
        let (mut parent_at, mut id_at, mut mtu_at) = (None, None, None);
        let name = match &item.form {
            ast::VlanForm::Named(name) => name.clone(),
            ast::VlanForm::Short {
                id: id_text,
                parent: parent_text,
            } => {
                parent = Some(parent_text.clone());
                parent_at = Some(parent_text.span);
                id = Some(id_text.clone());
                id_at = Some(id_text.span);
                Spanned::new(
                    names::vlan_ifname(&parent_text.value, &id_text.value),
                    id_text.span.to(parent_text.span),
                )
            }
        };
        for setting in &item.settings {
            let d = &mut self.diagnostics;
            match &setting.kind {
                ast::VlanSetting::Parent(p) => single(
                    &mut parent,
                    p.clone(),
                    "parent",
                    setting.span,
                    &mut parent_at,
                    d,
                ),
                ast::VlanSetting::Id(i) => {
                    single(&mut id, i.clone(), "id", setting.span, &mut id_at, d)
                }
                ast::VlanSetting::Mtu(m) => {
                    single(&mut mtu, m.clone(), "mtu", setting.span, &mut mtu_at, d)
                }
            }
        }
        let unique = self.interface("vlan", &name);
        if let Some(parent) = &parent {
            self.check_ifname("parent", parent);
        }
        let id = id.and_then(|id| self.number(&id, "vlan id", u16::MAX as u64, Code::VlanIdRange));
        let mtu = mtu
            .and_then(|mtu| self.number(&mtu, "MTU", u32::MAX as u64, Code::InvalidNumber))
            .filter(|mtu| {
                // The kernel's bounds for an Ethernet sub-interface.
                let fits = (68..=65535).contains(&mtu.value);
                if !fits {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidNumber,
                            mtu.span,
                            format!("MTU {} is out of range", mtu.value),
                        )
                        .note("out of range")
                        .help("an MTU is 68 to 65535 bytes, and no larger than the parent's; 1500 is usual, 9000 for jumbo frames"),
                    );
                }
                fits
            });
        let (Some(parent), Some(id)) = (parent, id) else {
            // A written but unreadable id has been reported already.
            if parent_at.is_none() || id_at.is_none() {
                self.report(missing_parent(&name, parent_at.is_none(), id_at.is_none()));
            }
            self.broken.insert(name.value);
            return;
        };
        if !unique {
            return;
        }
        let named = matches!(item.form, ast::VlanForm::Named(_));
        self.vlans
            .insert(name.value.clone(), self.topology.vlans.len());
        self.topology.vlans.push(Vlan {
            name,
            parent,
            id: id.map(|id| id as u16),
            mtu: mtu.map(|mtu| mtu.map(|mtu| mtu as u32)),
            named,
            span: item.span,
        });
    }

    /// A decimal number no larger than `max`; too large is reported with
    /// `too_large` (the vlan id's own code, say).
    fn number(
        &mut self,
        text: &Text,
        what: &str,
        max: u64,
        too_large: Code,
    ) -> Option<Spanned<u64>> {
        let Ok(number) = text.value.parse::<u64>() else {
            self.report(
                Diagnostic::new(
                    Code::InvalidNumber,
                    text.span,
                    format!("{what} `{}` is not a decimal number", text.value),
                )
                .note("not a number")
                .help(format!("write the {what} in decimal digits")),
            );
            return None;
        };
        if number > max {
            self.report(
                Diagnostic::new(
                    too_large,
                    text.span,
                    format!("{what} {number} is too large"),
                )
                .note("out of range")
                .help(if too_large == Code::VlanIdRange {
                    "a vlan id is 1 to 4094".to_string()
                } else {
                    format!("the largest {what} is {max}")
                }),
            );
            return None;
        }
        Some(Spanned::new(number, text.span))
    }

    fn network(&mut self, item: &ast::NetworkItem) {
        let mut mode = None;
        let (mut mode_at, mut parent_at, mut name_at, mut internal_at) = (None, None, None, None);
        let mut parent: Option<Text> = None;
        let mut docker_name: Option<Text> = None;
        let mut internal = None;
        let mut subnets: Vec<Subnet> = Vec::new();
        let mut flat: Vec<(Span, Unplaced)> = Vec::new();
        let mut labels = Vec::new();
        let mut node_parents = Vec::new();
        let (mut driver, mut driver_at, mut external, mut external_at) = (None, None, None, None);
        for setting in &item.settings {
            let d = &mut self.diagnostics;
            match &setting.kind {
                ast::NetworkSetting::Driver(text) => single(
                    &mut driver,
                    text.clone(),
                    "driver",
                    setting.span,
                    &mut driver_at,
                    d,
                ),
                ast::NetworkSetting::External => single(
                    &mut external,
                    true,
                    "external",
                    setting.span,
                    &mut external_at,
                    d,
                ),
                ast::NetworkSetting::Mode(m) => {
                    single(&mut mode, m.clone(), "mode", setting.span, &mut mode_at, d)
                }
                ast::NetworkSetting::Parent { name, node: None } => single(
                    &mut parent,
                    name.clone(),
                    "parent",
                    setting.span,
                    &mut parent_at,
                    d,
                ),
                ast::NetworkSetting::Parent {
                    name,
                    node: Some(node),
                } => node_parents.push((setting.span, name.clone(), node.clone())),
                ast::NetworkSetting::Name(n) => single(
                    &mut docker_name,
                    n.clone(),
                    "name",
                    setting.span,
                    &mut name_at,
                    d,
                ),
                ast::NetworkSetting::Internal => single(
                    &mut internal,
                    true,
                    "internal",
                    setting.span,
                    &mut internal_at,
                    d,
                ),
                ast::NetworkSetting::Label { key, value } => {
                    labels.push((key.value.clone(), value.value.clone()))
                }
                ast::NetworkSetting::Subnet(decl) => {
                    if let Some(subnet) = self.subnet(decl) {
                        subnets.push(subnet);
                    }
                }
                ast::NetworkSetting::Gateway(g) => {
                    if let Some(g) = self.address(g, "gateway") {
                        flat.push((setting.span, Unplaced::Gateway(g)));
                    }
                }
                ast::NetworkSetting::Range(decl) => {
                    let node = decl.node.as_ref().map(|node| self.node_ref(node));
                    match (self.prefix(&decl.prefix, "range"), node) {
                        (Some(r), None) => flat.push((setting.span, Unplaced::Range(r))),
                        (Some(range), Some(Some(node))) => flat
                            .push((setting.span, Unplaced::NodeRange(NodeRange { node, range }))),
                        _ => {}
                    }
                }
                ast::NetworkSetting::Reserve(r) => {
                    if let Some(r) = self.reserve(r) {
                        flat.push((setting.span, Unplaced::Reserve(r)));
                    }
                }
            }
        }

        // The flat form: each network-level value joins the subnet that
        // contains it.
        let mut unplaced = Vec::new();
        for (setting, value) in flat {
            let address = match &value {
                Unplaced::Gateway(g) => g.value,
                Unplaced::Range(r) => r.value.ip(),
                Unplaced::NodeRange(r) => r.range.value.ip(),
                Unplaced::Reserve(r) => r.address.value,
            };
            let inside = |subnet: &Subnet, r: IpNetwork| {
                subnet.prefix.value.contains(r.network())
                    && subnet.prefix.value.prefix() <= r.prefix()
            };
            let home = subnets.iter_mut().find(|subnet| match &value {
                Unplaced::Range(r) => inside(subnet, r.value),
                Unplaced::NodeRange(r) => inside(subnet, r.range.value),
                _ => subnet.prefix.value.contains(address),
            });
            match (home, value) {
                (Some(subnet), Unplaced::Gateway(g)) => subnet.gateways.push(g),
                (Some(subnet), Unplaced::Range(r)) => {
                    let mut first = subnet.range.as_ref().map(|r| r.span);
                    single(
                        &mut subnet.range,
                        r,
                        "range",
                        setting,
                        &mut first,
                        &mut self.diagnostics,
                    );
                }
                (Some(subnet), Unplaced::Reserve(r)) => subnet.reserved.push(r),
                (Some(subnet), Unplaced::NodeRange(r)) => subnet.node_ranges.push(r),
                (None, value) => unplaced.push(value),
            }
        }

        let driver = driver.and_then(|d| self.driver(&d));
        let driver_value = driver.as_ref().map(|d| d.value).unwrap_or_default();
        let (mode, ipvlan_mode) = match (driver_value, mode) {
            (Driver::Ipvlan, Some(m)) => (None, self.ipvlan_mode(&m)),
            (Driver::Bridge, Some(m)) => {
                self.report(
                    Diagnostic::new(
                        Code::UnknownMode,
                        m.span,
                        format!("network `{}` is a bridge network, which has no mode", item.name.value),
                    )
                    .note("a mode on a bridge network")
                    .help("delete the `mode` line; modes are for macvlan (bridge, vepa, private, passthru) and ipvlan (l2, l3, l3s)"),
                );
                (None, None)
            }
            (_, m) => (m.and_then(|m| self.mode(&m)), None),
        };
        if let Some(parent) = &parent {
            self.check_ifname("parent", parent);
        }
        let node_parents = self.node_parents(node_parents);
        if !is_docker_name(&item.name.value) {
            self.report(invalid_name("network", &item.name));
        }
        let docker_name = match docker_name {
            Some(name) => {
                if !is_docker_name(&name.value) {
                    self.report(invalid_name("Docker network", &name));
                }
                name
            }
            None => Spanned::new(
                names::docker_network_name(&self.topology.project.name, &item.name.value),
                item.name.span,
            ),
        };
        // Only the first of two same-named networks is in the model.
        if self.networks.get(&item.name.value) != Some(&self.topology.networks.len()) {
            return;
        }
        match self.docker_names.entry(docker_name.value.clone()) {
            Entry::Occupied(first) => {
                let first = *first.get();
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        docker_name.span,
                        format!(
                            "network `{}` would be the Docker network `{}`, which another network of this file already is",
                            item.name.value, docker_name.value
                        ),
                    )
                    .note("same Docker network name")
                    .related(first, "the other network")
                    .help("give one of the two another `name`"),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert(docker_name.span);
            }
        }
        let parent_vlan = parent
            .as_ref()
            .and_then(|p| self.vlans.get(&p.value).copied());
        let gateway_written = item.settings.iter().any(|setting| match &setting.kind {
            ast::NetworkSetting::Gateway(_) => true,
            ast::NetworkSetting::Subnet(decl) => decl
                .settings
                .iter()
                .any(|setting| matches!(setting.kind, ast::SubnetSetting::Gateway(_))),
            _ => false,
        });
        self.topology.networks.push(Network {
            name: item.name.clone(),
            driver: driver_value,
            driver_span: driver.map(|d| d.span),
            ipvlan_mode: ipvlan_mode.as_ref().map(|m| m.value).unwrap_or_default(),
            external: external.unwrap_or(false),
            swarm: false,
            docker_name,
            mode: mode.as_ref().map(|m| m.value).unwrap_or_default(),
            mode_span: mode
                .map(|m| m.span)
                .or(ipvlan_mode.as_ref().map(|m| m.span)),
            parent,
            parent_vlan,
            node_parents,
            subnets,
            internal: internal.unwrap_or(false),
            labels,
            unplaced,
            gateway_written,
            span: item.span,
        });
    }

    fn driver(&mut self, text: &Text) -> Option<Spanned<Driver>> {
        if let Some(driver) = Driver::from_name(&text.value) {
            return Some(Spanned::new(driver, text.span));
        }
        let names = Driver::ALL.map(Driver::as_str);
        let hint = suggest::did_you_mean(&text.value, names);
        self.report(
            Diagnostic::new(
                Code::UnknownDriver,
                text.span,
                format!(
                    "`{}` is not a network driver macrame makes{hint}",
                    text.value
                ),
            )
            .note("unknown driver")
            .help(format!(
                "the drivers are {}; a network of another driver can be joined as `external`",
                names.join(", ")
            )),
        );
        None
    }

    fn ipvlan_mode(&mut self, text: &Text) -> Option<Spanned<IpvlanMode>> {
        if let Some(mode) = IpvlanMode::from_name(&text.value) {
            return Some(Spanned::new(mode, text.span));
        }
        let names = IpvlanMode::ALL.map(IpvlanMode::as_str);
        let hint = suggest::did_you_mean(&text.value, names);
        self.report(
            Diagnostic::new(
                Code::UnknownMode,
                text.span,
                format!("`{}` is not an ipvlan mode{hint}", text.value),
            )
            .note("unknown mode")
            .help(format!("the ipvlan modes are {}", names.join(", "))),
        );
        None
    }

    fn mode(&mut self, text: &Text) -> Option<Spanned<MacvlanMode>> {
        if let Some(mode) = MacvlanMode::from_name(&text.value) {
            return Some(Spanned::new(mode, text.span));
        }
        let names = MacvlanMode::ALL.map(MacvlanMode::as_str);
        // `veth` is the classic slip for `vepa` (Docker's own docs had it).
        let meant = if text.value == "veth" {
            Some("vepa")
        } else {
            suggest::nearest(&text.value, names)
        };
        let mut diagnostic = Diagnostic::new(
            Code::UnknownMode,
            text.span,
            format!("`{}` is not a macvlan mode", text.value),
        )
        .note("unknown mode");
        diagnostic = match meant {
            Some(meant) => diagnostic.help(format!(
                "did you mean `mode {meant}`? The modes are {}",
                names.join(", ")
            )),
            None => diagnostic.help(format!("the modes are {}", names.join(", "))),
        };
        self.report(diagnostic);
        None
    }

    fn subnet(&mut self, decl: &ast::SubnetDecl) -> Option<Subnet> {
        let prefix = self.prefix(&decl.prefix, "subnet");
        let mut subnet = Subnet {
            prefix: Spanned::new(
                IpNetwork::from(IpAddr::from([0, 0, 0, 0])),
                decl.prefix.span,
            ),
            gateways: Vec::new(),
            range: None,
            node_ranges: Vec::new(),
            reserved: Vec::new(),
        };
        let mut range_at = None;
        for setting in &decl.settings {
            match &setting.kind {
                ast::SubnetSetting::Gateway(g) => {
                    if let Some(g) = self.address(g, "gateway") {
                        subnet.gateways.push(g);
                    }
                }
                ast::SubnetSetting::Range(ast::RangeDecl {
                    prefix,
                    node: Some(node),
                }) => {
                    let node = self.node_ref(node);
                    if let (Some(range), Some(node)) = (self.prefix(prefix, "range"), node) {
                        subnet.node_ranges.push(NodeRange { node, range });
                    }
                }
                ast::SubnetSetting::Range(ast::RangeDecl { prefix, node: None }) => {
                    if let Some(r) = self.prefix(prefix, "range") {
                        single(
                            &mut subnet.range,
                            r,
                            "range",
                            setting.span,
                            &mut range_at,
                            &mut self.diagnostics,
                        );
                    }
                }
                ast::SubnetSetting::Reserve(r) => {
                    if let Some(r) = self.reserve(r) {
                        subnet.reserved.push(r);
                    }
                }
            }
        }
        subnet.prefix = prefix?;
        Some(subnet)
    }

    fn reserve(&mut self, reserve: &ast::Reserve) -> Option<Reserved> {
        let address = self.address(&reserve.address, "reserved address")?;
        let name = match &reserve.name {
            Some(name) => name.value.clone(),
            None => format!("reserved-{}", address.value).replace([':', '.'], "-"),
        };
        Some(Reserved { name, address })
    }

    fn address(&mut self, text: &Text, what: &str) -> Option<Spanned<IpAddr>> {
        match text.value.parse::<IpAddr>() {
            Ok(address) => Some(Spanned::new(address, text.span)),
            Err(_) => {
                let help = match text.value.split_once('/') {
                    Some((address, _)) if address.parse::<IpAddr>().is_ok() => {
                        format!(
                            "a {what} is a single address, without a prefix length: `{address}`"
                        )
                    }
                    _ => format!(
                        "write the {what} as an IPv4 address like `192.168.1.1` or an IPv6 address like `fd00::1`"
                    ),
                };
                self.report(invalid_address(text, what, help));
                None
            }
        }
    }

    fn prefix(&mut self, text: &Text, what: &str) -> Option<Spanned<IpNetwork>> {
        let parsed = text
            .value
            .contains('/')
            .then(|| text.value.parse::<IpNetwork>().ok())
            .flatten();
        match parsed {
            Some(prefix) => Some(Spanned::new(prefix, text.span)),
            None => {
                let help = if !text.value.contains('/') && text.value.parse::<IpAddr>().is_ok() {
                    format!(
                        "a {what} needs a prefix length, e.g. `{}/{}`",
                        text.value,
                        if text.value.contains(':') { 64 } else { 24 }
                    )
                } else {
                    format!("write the {what} as a prefix like `192.168.1.0/24` or `fd00::/64`")
                };
                self.report(invalid_address(text, what, help));
                None
            }
        }
    }

    /// The interface-address form: a bare address means a host route.
    fn host_prefix(&mut self, text: &Text, what: &str) -> Option<Spanned<IpNetwork>> {
        if !text.value.contains('/')
            && let Ok(address) = text.value.parse::<IpAddr>()
        {
            return Some(Spanned::new(IpNetwork::from(address), text.span));
        }
        self.prefix(text, what)
    }

    fn network_ref(&mut self, text: &Text) -> Option<Spanned<NetworkId>> {
        if let Some(&id) = self.networks.get(&text.value) {
            return Some(Spanned::new(id, text.span));
        }
        if !self.broken.contains(&text.value) {
            let hint = suggest::did_you_mean(&text.value, self.networks.keys().map(String::as_str));
            self.report(
                Diagnostic::new(
                    Code::UnknownNetwork,
                    text.span,
                    format!("no network is named `{}`{hint}", text.value),
                )
                .note("undeclared network")
                .help(match suggest::nearest(&text.value, self.networks.keys().map(String::as_str)) {
                    Some(meant) => format!("write `{meant}`, or declare `network {} {{ ... }}`", text.value),
                    None => format!("declare it: `network {} {{ parent IFNAME; subnet PREFIX gateway ADDRESS }}`", text.value),
                }),
            );
        }
        None
    }

    fn shim(&mut self, item: &ast::ShimItem) {
        let unique = self.interface("shim", &item.name);
        let (mut network, mut address) = (None, None);
        let (mut network_at, mut address_at) = (None, None);
        let mut routes = Vec::new();
        let (mut node, mut node_at) = (None, None);
        for setting in &item.settings {
            match &setting.kind {
                ast::ShimSetting::Node(name) => {
                    if let Some(n) = self.node_ref(name) {
                        single(
                            &mut node,
                            n,
                            "node",
                            setting.span,
                            &mut node_at,
                            &mut self.diagnostics,
                        );
                    }
                }
                ast::ShimSetting::Network(n) => {
                    if let Some(n) = self.network_ref(n) {
                        single(
                            &mut network,
                            n,
                            "network",
                            setting.span,
                            &mut network_at,
                            &mut self.diagnostics,
                        );
                    } else {
                        network_at.get_or_insert(setting.span);
                    }
                }
                ast::ShimSetting::Address(a) => {
                    if let Some(a) = self.host_prefix(a, "shim address") {
                        single(
                            &mut address,
                            a,
                            "address",
                            setting.span,
                            &mut address_at,
                            &mut self.diagnostics,
                        );
                    } else {
                        address_at.get_or_insert(setting.span);
                    }
                }
                ast::ShimSetting::Route(r) => routes.extend(self.prefix(r, "route")),
            }
        }
        let missing = match (network_at, address_at) {
            (None, None) => Some("a network and an address"),
            (None, Some(_)) => Some("a network"),
            (Some(_), None) => Some("an address"),
            _ => None,
        };
        if let Some(missing) = missing {
            self.report(
                Diagnostic::new(
                    Code::ShimIncomplete,
                    item.name.span,
                    format!("shim `{}` needs {missing}", item.name.value),
                )
                .note("incomplete shim")
                .help("a shim names its network and its own address: `shim NAME { network NET; address 192.168.1.250/32 }`"),
            );
        }
        if unique {
            self.topology.shims.push(Shim {
                name: item.name.clone(),
                network,
                address,
                routes,
                node,
                span: item.span,
            });
        }
    }

    fn container(&mut self, item: &ast::ContainerItem) {
        let container = self.lower_container(&item.name, &item.settings, item.span, "container");
        if self.containers.get(&item.name.value) != Some(&self.topology.containers.len()) {
            return;
        }
        self.topology.containers.push(container);
    }

    /// A container's settings (or a service's), typed; `what` names it
    /// in messages.
    fn lower_container(
        &mut self,
        name: &Text,
        settings: &[ast::Setting<ast::ContainerSetting>],
        span: Span,
        what: &str,
    ) -> Container {
        let mut node = None;
        let mut image: Option<Text> = None;
        let mut command: Option<Vec<String>> = None;
        let mut hostname: Option<String> = None;
        let mut restart: Option<RestartPolicy> = None;
        let mut gateway: Option<Spanned<NetworkId>> = None;
        let mut gateway_written = false;
        let (mut image_at, mut command_at, mut hostname_at, mut restart_at, mut gateway_at) =
            (None, None, None, None, None);
        let mut env = Vec::new();
        let mut attachments: Vec<Attachment> = Vec::new();
        let mut attached_at: HashMap<NetworkId, Span> = HashMap::new();
        let mut depends_on = Vec::new();
        let mut options = ContainerOptions::default();
        let mut seen = HashMap::new();
        let mut exact_name: Option<Text> = None;
        for setting in settings {
            if self.container_option(setting, &mut options, &mut seen) {
                continue;
            }
            match &setting.kind {
                ast::ContainerSetting::Node(text) => {
                    if let Some(n) = self.node_ref(text) {
                        let mut first = seen.get("node").copied();
                        single(
                            &mut node,
                            n,
                            "node",
                            setting.span,
                            &mut first,
                            &mut self.diagnostics,
                        );
                        seen.extend(first.map(|first| ("node", first)));
                    }
                }
                ast::ContainerSetting::Name(exact) => {
                    let mut first = seen.get("name").copied();
                    single(
                        &mut exact_name,
                        exact.clone(),
                        "name",
                        setting.span,
                        &mut first,
                        &mut self.diagnostics,
                    );
                    seen.extend(first.map(|first| ("name", first)));
                }
                ast::ContainerSetting::Image(i) => single(
                    &mut image,
                    i.clone(),
                    "image",
                    setting.span,
                    &mut image_at,
                    &mut self.diagnostics,
                ),
                ast::ContainerSetting::Command(args) => single(
                    &mut command,
                    args.iter().map(|a| a.value.clone()).collect(),
                    "command",
                    setting.span,
                    &mut command_at,
                    &mut self.diagnostics,
                ),
                ast::ContainerSetting::Hostname(h) => single(
                    &mut hostname,
                    h.value.clone(),
                    "hostname",
                    setting.span,
                    &mut hostname_at,
                    &mut self.diagnostics,
                ),
                ast::ContainerSetting::Env { key, value } => {
                    env.push((key.value.clone(), value.value.clone()))
                }
                ast::ContainerSetting::Restart(r) => match RestartPolicy::parse(&r.value) {
                    Some(policy) => single(
                        &mut restart,
                        policy,
                        "restart",
                        setting.span,
                        &mut restart_at,
                        &mut self.diagnostics,
                    ),
                    None => {
                        let hint = suggest::did_you_mean(&r.value, RestartPolicy::NAMES);
                        self.report(
                            Diagnostic::new(
                                Code::UnknownRestart,
                                r.span,
                                format!("`{}` is not a restart policy{hint}", r.value),
                            )
                            .note("unknown restart policy")
                            .help("the policies are no, always, unless-stopped, on-failure and on-failure:N"),
                        );
                    }
                },
                ast::ContainerSetting::Gateway(g) => {
                    gateway_written = true;
                    if let Some(g) = self.network_ref(g) {
                        single(
                            &mut gateway,
                            g,
                            "gateway",
                            setting.span,
                            &mut gateway_at,
                            &mut self.diagnostics,
                        );
                    }
                }
                ast::ContainerSetting::DependsOn { names, condition } => {
                    let condition = condition.as_ref().and_then(|c| {
                        Condition::parse(&c.value).map(|value| Spanned::new(value, c.span))
                    });
                    for name in names {
                        match self.containers.get(&name.value) {
                            Some(&id) => {
                                depends_on.push(Spanned::new(id, name.span));
                                if let Some(condition) = condition.clone()
                                    && condition.value != Condition::Started
                                {
                                    options.conditions.push((id, condition));
                                }
                            }
                            None if self.broken.contains(&name.value) => {}
                            None => {
                                let hint = suggest::did_you_mean(
                                    &name.value,
                                    self.containers.keys().map(String::as_str),
                                );
                                self.report(
                                    Diagnostic::new(
                                        Code::UnknownContainer,
                                        name.span,
                                        format!("no container is named `{}`{hint}", name.value),
                                    )
                                    .note("undeclared container")
                                    .help("`depends-on` names containers declared in this file"),
                                );
                            }
                        }
                    }
                }
                ast::ContainerSetting::Network(decl) => {
                    let Some(network) = self.network_ref(&decl.network) else {
                        continue;
                    };
                    match attached_at.entry(network.value) {
                        Entry::Occupied(first) => {
                            let first = *first.get();
                            self.report(
                                Diagnostic::new(
                                    Code::DuplicateSetting,
                                    setting.span,
                                    format!(
                                        "container `{}` is attached to network `{}` twice",
                                        name.value, decl.network.value
                                    ),
                                )
                                .note("second attachment")
                                .related(first, "first attachment")
                                .help("merge the two `network` lines into one"),
                            );
                            continue;
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(setting.span);
                        }
                    }
                    attachments.push(self.attachment(decl, network));
                }
                _ => unreachable!("every version 2 setting is lowered by container_option"),
            }
        }
        let image = image.filter(|image| {
            let empty = image.value.trim().is_empty();
            if empty {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingImage,
                        image.span,
                        format!("{what} `{}` has an empty image", name.value),
                    )
                    .note("empty")
                    .help("name the image, e.g. `image \"alpine:3.20\"`"),
                );
            }
            !empty
        });
        // A container that builds its image needs no `image` line: the
        // build is tagged `<project>-<container>`, as Compose tags it.
        if image.is_none() && image_at.is_none() && options.build.is_none() {
            self.report(
                Diagnostic::new(
                    Code::MissingImage,
                    name.span,
                    format!("{what} `{}` has no image", name.value),
                )
                .note("no `image`")
                .help("add an image to the block, e.g. `image \"alpine:3.20\"`, or build one: `build \"./DIR\"`"),
            );
        }
        if !is_docker_name(&name.value) {
            self.report(invalid_name(what, name));
        }
        if let Some(name) = &exact_name
            && !is_docker_name(&name.value)
        {
            self.report(invalid_name("Docker container", name));
        }
        Container {
            docker_name: match &exact_name {
                Some(name) => name.value.clone(),
                None => names::docker_container_name(&self.topology.project.name, &name.value),
            },
            name_span: exact_name.map(|name| name.span),
            options,
            name: name.clone(),
            image,
            command: command.unwrap_or_default(),
            hostname,
            env,
            attachments,
            gateway,
            gateway_written,
            depends_on,
            restart: restart.unwrap_or_default(),
            node,
            span,
        }
    }

    fn attachment(
        &mut self,
        decl: &ast::AttachmentDecl,
        network: Spanned<NetworkId>,
    ) -> Attachment {
        let mut attachment = Attachment {
            network,
            ip: None,
            ip6: None,
            mac: None,
            aliases: Vec::new(),
        };
        let (mut ip_at, mut ip6_at, mut mac_at) = (None, None, None);
        for setting in &decl.settings {
            match &setting.kind {
                ast::AttachmentSetting::Ip(text) => match self.address(text, "address") {
                    Some(Spanned {
                        value: IpAddr::V4(ip),
                        span,
                    }) => single(
                        &mut attachment.ip,
                        Spanned::new(ip, span),
                        "ip",
                        setting.span,
                        &mut ip_at,
                        &mut self.diagnostics,
                    ),
                    Some(_) => self.report(invalid_address(
                        text,
                        "address",
                        format!(
                            "`ip` takes an IPv4 address; for IPv6 write `ip6 {}`",
                            text.value
                        ),
                    )),
                    None => {}
                },
                ast::AttachmentSetting::Ip6(text) => match self.address(text, "address") {
                    Some(Spanned {
                        value: IpAddr::V6(ip),
                        span,
                    }) => single(
                        &mut attachment.ip6,
                        Spanned::new(ip, span),
                        "ip6",
                        setting.span,
                        &mut ip6_at,
                        &mut self.diagnostics,
                    ),
                    Some(_) => self.report(invalid_address(
                        text,
                        "address",
                        format!(
                            "`ip6` takes an IPv6 address; for IPv4 write `ip {}`",
                            text.value
                        ),
                    )),
                    None => {}
                },
                ast::AttachmentSetting::Mac(text) => match text.value.parse::<MacAddr>() {
                    Ok(mac) => single(
                        &mut attachment.mac,
                        Spanned::new(mac, text.span),
                        "mac",
                        setting.span,
                        &mut mac_at,
                        &mut self.diagnostics,
                    ),
                    Err(()) => self.report(invalid_address(
                        text,
                        "MAC address",
                        "write a MAC as six hex octets, e.g. `02:42:c0:a8:01:0a`".to_string(),
                    )),
                },
                ast::AttachmentSetting::Alias(alias) => {
                    attachment.aliases.push(alias.value.clone())
                }
            }
        }
        attachment
    }
}

fn invalid_address(text: &Text, what: &str, help: String) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidAddress,
        text.span,
        format!("`{}` is not a valid {what}", text.value),
    )
    .note(format!("not a valid {what}"))
    .help(help)
}

fn invalid_name(what: &str, name: &Text) -> Diagnostic {
    let fixed = names::fixed_name(&name.value);
    let fixed = fixed.as_str();
    Diagnostic::new(
        Code::InvalidName,
        name.span,
        format!("{what} name `{}` breaks Docker's naming rule", name.value),
    )
    .note("invalid name")
    .help(format!(
        "a name starts with a letter or digit and holds only letters, digits, `_`, `.` and `-`: e.g. `{fixed}`"
    ))
}

fn duplicate_name(what: &str, name: &Text, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateName,
        name.span,
        format!("{what} `{}` is declared twice", name.value),
    )
    .note("second declaration")
    .related(first, "first declared here")
    .help(format!("rename one of the two, e.g. `{}-2`", name.value))
}

fn missing_parent(name: &Text, no_parent: bool, no_id: bool) -> Diagnostic {
    let missing = match (no_parent, no_id) {
        (true, true) => "no parent and no id",
        (true, false) => "no parent",
        _ => "no id",
    };
    let help = match name.value.rsplit_once('.') {
        Some((parent, id)) if !parent.is_empty() && id.parse::<u16>().is_ok() => {
            format!(
                "add `parent {parent}` and `id {id}` to the block, or write `vlan {id} on {parent}`"
            )
        }
        _ => {
            "add `parent IFNAME` and `id ID` to the block, or write `vlan ID on IFNAME`".to_string()
        }
    };
    Diagnostic::new(
        Code::MissingParent,
        name.span,
        format!("vlan `{}` has {missing}", name.value),
    )
    .note(missing)
    .help(help)
}

/// A name the kernel would take, for the help line.
fn shorten(name: &str) -> String {
    let short: String = name.chars().take(names::IFNAME_MAX).collect();
    if short.is_empty() || short == "." || short == ".." {
        "eth1".to_string()
    } else {
        short
    }
}
