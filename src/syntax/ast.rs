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
    Parent(Text),
    Subnet(SubnetDecl),
    Gateway(Text),
    Range(Text),
    Reserve(Reserve),
    Label { key: Text, value: Text },
    Name(Text),
    Internal,
}

#[derive(Debug, Clone)]
pub struct SubnetDecl {
    pub prefix: Text,
    pub settings: Vec<Setting<SubnetSetting>>,
}

#[derive(Debug, Clone)]
pub enum SubnetSetting {
    Gateway(Text),
    Range(Text),
    Reserve(Reserve),
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
    Env { key: Text, value: Text },
    Network(AttachmentDecl),
    Gateway(Text),
    DependsOn(Vec<Text>),
    Restart(Text),
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
