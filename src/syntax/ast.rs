//! The syntax tree: what the file says, as written, with the span of every
//! node and every value. Nothing is judged here: addresses are still text.

use crate::span::{Span, Spanned};

/// A word, an address-shaped value or the contents of a string.
pub type Text = Spanned<String>;

#[derive(Debug, Clone, Default)]
pub struct Ast {
    pub items: Vec<Item>,
    /// Names of items that failed to parse, so that later stages do not
    /// pile "unknown network" on top of the syntax error.
    pub broken_names: Vec<String>,
    /// Each value written with `$`, and what it reads as: the span as
    /// written and its replacement, a string quoted again (what
    /// `macrame config` prints the file with).
    pub resolved: Vec<(Span, String)>,
}

/// A statement inside a block: its keyword, what follows, and its extent.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub keyword: Span,
    pub span: Span,
    pub kind: T,
}

#[derive(Debug, Clone)]
pub enum Item {
    Project(ProjectItem),
    Parent(ParentItem),
    Vlan(VlanItem),
    Network(NetworkItem),
    Shim(ShimItem),
    Container(ContainerItem),
    Volume(VolumeItem),
    Node(NodeItem),
    Service(ServiceItem),
}

impl Item {
    /// The item's keyword, and its name with where it is written (a short
    /// vlan's name is derived: `vlan 50 on eth0` is `eth0.50`, at `50 on
    /// eth0`).
    pub fn name(&self) -> (&'static str, Text) {
        match self {
            Item::Project(item) => ("project", item.name.clone()),
            Item::Parent(item) => ("parent", item.name.clone()),
            Item::Vlan(item) => match &item.form {
                VlanForm::Named(name) => ("vlan", name.clone()),
                VlanForm::Short { id, parent } => (
                    "vlan",
                    Text::new(
                        format!("{}.{}", parent.value, id.value),
                        id.span.to(parent.span),
                    ),
                ),
            },
            Item::Network(item) => ("network", item.name.clone()),
            Item::Shim(item) => ("shim", item.name.clone()),
            Item::Container(item) => ("container", item.name.clone()),
            Item::Volume(item) => ("volume", item.name.clone()),
            Item::Node(item) => ("node", item.name.clone()),
            Item::Service(item) => ("service", item.name.clone()),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Item::Project(item) => item.span,
            Item::Parent(item) => item.span,
            Item::Vlan(item) => item.span,
            Item::Network(item) => item.span,
            Item::Shim(item) => item.span,
            Item::Container(item) => item.span,
            Item::Volume(item) => item.span,
            Item::Node(item) => item.span,
            Item::Service(item) => item.span,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ProjectItem {
    pub span: Span,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct ParentItem {
    pub span: Span,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct VlanItem {
    pub span: Span,
    pub form: VlanForm,
    pub settings: Vec<Setting<VlanSetting>>,
}

#[derive(Debug, Clone)]
pub enum VlanForm {
    /// `vlan eth0.50 { ... }`
    Named(Text),
    /// `vlan 50 on eth0`: the interface is named `eth0.50`.
    Short { id: Text, parent: Text },
}

#[derive(Debug, Clone)]
pub enum VlanSetting {
    Parent(Text),
    Id(Text),
    Mtu(Text),
}

#[derive(Debug, Clone)]
pub struct NetworkItem {
    pub span: Span,
    pub name: Text,
    pub settings: Vec<Setting<NetworkSetting>>,
}

#[derive(Debug, Clone)]
pub enum NetworkSetting {
    Mode(Text),
    /// `parent eth0`, or `parent enp3s0 on core` for one node.
    Parent {
        name: Text,
        node: Option<Text>,
    },
    Subnet(SubnetDecl),
    Gateway(Text),
    Range(RangeDecl),
    Reserve(Reserve),
    Label {
        key: Text,
        value: Text,
    },
    Name(Text),
    Internal,
    Driver(Text),
    External,
}

#[derive(Debug, Clone)]
pub struct SubnetDecl {
    pub prefix: Text,
    pub settings: Vec<Setting<SubnetSetting>>,
}

#[derive(Debug, Clone)]
pub enum SubnetSetting {
    Gateway(Text),
    Range(RangeDecl),
    Reserve(Reserve),
}

/// `range 192.168.1.128/25`, or `range 192.168.2.128/26 on edge`.
#[derive(Debug, Clone)]
pub struct RangeDecl {
    pub prefix: Text,
    pub node: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Reserve {
    pub name: Option<Text>,
    pub address: Text,
}

#[derive(Debug, Clone)]
pub struct ShimItem {
    pub span: Span,
    pub name: Text,
    pub settings: Vec<Setting<ShimSetting>>,
}

#[derive(Debug, Clone)]
pub enum ShimSetting {
    Network(Text),
    Address(Text),
    Route(Text),
    Node(Text),
}

#[derive(Debug, Clone)]
pub struct ContainerItem {
    pub span: Span,
    pub name: Text,
    pub settings: Vec<Setting<ContainerSetting>>,
}

#[derive(Debug, Clone)]
pub enum ContainerSetting {
    Image(Text),
    Command(Vec<Text>),
    Hostname(Text),
    Env {
        key: Text,
        value: Text,
    },
    Network(AttachmentDecl),
    Gateway(Text),
    DependsOn {
        names: Vec<Text>,
        /// `started`, `healthy` or `completed`, when written.
        condition: Option<Text>,
    },
    Restart(Text),
    Name(Text),
    Build(BuildDecl),
    Pull(Text),
    Entrypoint(Vec<Text>),
    User(Text),
    Workdir(Text),
    EnvFile(Text),
    /// `volume data:/etc/pihole[:ro]` or a bind `./conf:/etc/conf`.
    Mount(Text),
    Tmpfs {
        path: Text,
        settings: Vec<Setting<TmpfsSetting>>,
    },
    CapAdd(Vec<Text>),
    CapDrop(Vec<Text>),
    Device(Text),
    Flag(Flag),
    Sysctl {
        key: Text,
        value: Text,
    },
    Dns(Vec<Text>),
    DnsSearch(Vec<Text>),
    DnsOption(Vec<Text>),
    ExtraHost {
        host: Text,
        address: Text,
    },
    SecurityOpt(Vec<Text>),
    Label {
        key: Text,
        value: Text,
    },
    StopSignal(Text),
    StopGrace(Text),
    Health(Vec<Setting<HealthSetting>>),
    Limit {
        limit: Limit,
        value: Text,
    },
    Publish(Text),
    Log {
        driver: Text,
        options: Vec<(Text, Text)>,
    },
    /// `node edge`: the engine it runs on, in a file of several hosts.
    Node(Text),
}

/// The container settings that are a keyword alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Privileged,
    ReadOnly,
    Init,
    Tty,
    StdinOpen,
}

impl Flag {
    pub fn keyword(self) -> &'static str {
        match self {
            Flag::Privileged => "privileged",
            Flag::ReadOnly => "read-only",
            Flag::Init => "init",
            Flag::Tty => "tty",
            Flag::StdinOpen => "stdin-open",
        }
    }
}

/// The resource limits, each `KEYWORD VALUE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Memory,
    Cpus,
    ShmSize,
    PidsLimit,
}

impl Limit {
    pub fn keyword(self) -> &'static str {
        match self {
            Limit::Memory => "memory",
            Limit::Cpus => "cpus",
            Limit::ShmSize => "shm-size",
            Limit::PidsLimit => "pids-limit",
        }
    }
}

/// `build "./dns" { dockerfile "Dockerfile"; arg VERSION = "1" }`
#[derive(Debug, Clone)]
pub struct BuildDecl {
    pub context: Text,
    pub settings: Vec<Setting<BuildSetting>>,
}

#[derive(Debug, Clone)]
pub enum BuildSetting {
    Dockerfile(Text),
    Arg { key: Text, value: Text },
    Target(Text),
}

#[derive(Debug, Clone)]
pub enum TmpfsSetting {
    Size(Text),
    Mode(Text),
}

#[derive(Debug, Clone)]
pub enum HealthSetting {
    /// `test "CMD" "dig" ...`
    Exec(Vec<Text>),
    /// `test shell "pgrep dnsmasq"`
    Shell(Text),
    /// `test none`: the image's own check turned off.
    None,
    /// `interval`, `timeout`, `start-period` or `start-interval`.
    Duration {
        keyword: Text,
        value: Text,
    },
    Retries(Text),
}

/// `volume data`, `volume media { external; name "media" }`
#[derive(Debug, Clone)]
pub struct VolumeItem {
    pub span: Span,
    pub name: Text,
    pub settings: Vec<Setting<VolumeSetting>>,
}

#[derive(Debug, Clone)]
pub enum VolumeSetting {
    External,
    Name(Text),
    Label { key: Text, value: Text },
    Driver(Text),
}

/// `network lan ip 192.168.1.10` inside a container.
#[derive(Debug, Clone)]
pub struct AttachmentDecl {
    pub network: Text,
    pub settings: Vec<Setting<AttachmentSetting>>,
}

#[derive(Debug, Clone)]
pub enum AttachmentSetting {
    Ip(Text),
    Ip6(Text),
    Mac(Text),
    Alias(Text),
}

/// `node core { docker "ssh://admin@10.0.0.2" }`
#[derive(Debug, Clone)]
pub struct NodeItem {
    pub span: Span,
    pub name: Text,
    pub settings: Vec<Setting<NodeSetting>>,
}

#[derive(Debug, Clone)]
pub enum NodeSetting {
    Docker(Text),
    Tls(Vec<Setting<TlsSetting>>),
}

#[derive(Debug, Clone)]
pub enum TlsSetting {
    Ca(Text),
    Cert(Text),
    Key(Text),
}

/// `service api { image "..."; replicas 3; network lan }`
#[derive(Debug, Clone)]
pub struct ServiceItem {
    pub span: Span,
    pub name: Text,
    pub settings: Vec<Setting<ServiceSetting>>,
}

#[derive(Debug, Clone)]
pub enum ServiceSetting {
    /// `replicas 3` or `replicas global`.
    Replicas(Text),
    Placement(Text),
    Container(ContainerSetting),
}
