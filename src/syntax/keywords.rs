//! The keywords of each kind of block, and how each statement is written:
//! what a syntax diagnostic quotes back to the user.

use super::Rule;

/// Words that start a top-level item.
pub const ITEM_KEYWORDS: &[&str] = &["project", "parent", "vlan", "network", "shim", "container"];

/// The kinds of block a statement can stand in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Vlan,
    Network,
    Subnet,
    Shim,
    Container,
    Attachment,
}

impl Block {
    pub const ALL: [Block; 6] = [
        Block::Vlan,
        Block::Network,
        Block::Subnet,
        Block::Shim,
        Block::Container,
        Block::Attachment,
    ];

    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Block::Vlan => &["parent", "id", "mtu"],
            Block::Network => &[
                "mode", "parent", "subnet", "gateway", "range", "reserve", "label", "name",
                "internal",
            ],
            Block::Subnet => &["gateway", "range", "reserve"],
            Block::Shim => &["network", "address", "route"],
            Block::Container => &[
                "image",
                "command",
                "hostname",
                "env",
                "network",
                "gateway",
                "depends-on",
                "restart",
            ],
            Block::Attachment => &["ip", "ip6", "mac", "alias"],
        }
    }

    /// The rule that parses one of this block's statements strictly.
    pub fn check_rule(self) -> Rule {
        match self {
            Block::Vlan => Rule::vlan_check,
            Block::Network => Rule::network_check,
            Block::Subnet => Rule::subnet_check,
            Block::Shim => Rule::shim_check,
            Block::Container => Rule::container_check,
            Block::Attachment => Rule::attachment_check,
        }
    }

    /// "a network block", for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Block::Vlan => "a vlan block",
            Block::Network => "a network block",
            Block::Subnet => "a subnet block",
            Block::Shim => "a shim block",
            Block::Container => "a container block",
            Block::Attachment => "a container's network block",
        }
    }

    /// Which block a keyword belongs in, for "`image` belongs in a
    /// container block".
    pub fn home_of(keyword: &str) -> Option<Block> {
        Block::ALL
            .into_iter()
            .find(|block| block.keywords().contains(&keyword))
    }
}

/// How a statement is written, for the help line of a syntax diagnostic.
pub fn usage(keyword: &str, block: Option<Block>) -> Option<&'static str> {
    Some(match (block, keyword) {
        (None, "project") => "project NAME",
        (None, "parent") => "parent IFNAME",
        (None, "vlan") => "vlan IFNAME { parent IFNAME; id ID }   or   vlan ID on IFNAME",
        (None, "network") => "network NAME { parent IFNAME; subnet PREFIX gateway ADDRESS }",
        (None, "shim") => "shim IFNAME { network NAME; address ADDRESS/PREFIX }",
        (None, "container") => "container NAME { image \"IMAGE\"; network NAME ip ADDRESS }",
        (_, "parent") => "parent IFNAME",
        (_, "id") => "id ID   (1 to 4094)",
        (_, "mtu") => "mtu BYTES",
        (_, "mode") => "mode bridge|vepa|private|passthru",
        (_, "subnet") => {
            "subnet PREFIX [gateway ADDRESS] [range PREFIX] [reserve NAME = ADDRESS]   or   subnet PREFIX { ... }"
        }
        (Some(Block::Container), "gateway") => "gateway NETWORK",
        (_, "gateway") => "gateway ADDRESS",
        (_, "range") => "range PREFIX",
        (_, "reserve") => "reserve NAME = ADDRESS",
        (_, "label") => "label KEY = \"VALUE\"",
        (_, "name") => "name \"DOCKER-NETWORK-NAME\"",
        (_, "internal") => "internal",
        (Some(Block::Shim), "network") => "network NAME",
        (_, "network") => {
            "network NAME [ip ADDRESS] [ip6 ADDRESS] [mac MAC] [alias NAME]   or   network NAME { ... }"
        }
        (_, "address") => "address ADDRESS/PREFIX",
        (_, "route") => "route PREFIX",
        (_, "image") => "image \"IMAGE\"",
        (_, "command") => "command \"ARG\" \"ARG\" ...",
        (_, "hostname") => "hostname NAME",
        (_, "env") => "env KEY = \"VALUE\"",
        (_, "depends-on") => "depends-on CONTAINER ...",
        (_, "restart") => "restart no|always|unless-stopped|on-failure[:N]",
        (_, "ip") => "ip ADDRESS",
        (_, "ip6") => "ip6 ADDRESS",
        (_, "mac") => "mac MAC",
        (_, "alias") => "alias NAME",
        _ => return None,
    })
}

/// What a grammar rule stands for, in words, when a parse error says it
/// was expected. `None` for rules a user never needs to hear about.
pub fn describe_rule(rule: Rule) -> Option<String> {
    if let Some(keyword) = keyword_of(rule) {
        return Some(format!("`{keyword}`"));
    }
    Some(
        match rule {
            Rule::word => "a name",
            Rule::value => "a value",
            Rule::string | Rule::string_body => "a string",
            Rule::string_close => "`\"`",
            Rule::equals => "`=`",
            Rule::open_brace => "`{`",
            Rule::close_brace => "`}`",
            Rule::EOI => "the end of the statement",
            _ => return None,
        }
        .to_string(),
    )
}

/// The keyword a `kw_*` rule matches.
pub fn keyword_of(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_project => "project",
        Rule::kw_parent => "parent",
        Rule::kw_vlan => "vlan",
        Rule::kw_on => "on",
        Rule::kw_id => "id",
        Rule::kw_mtu => "mtu",
        Rule::kw_network => "network",
        Rule::kw_mode => "mode",
        Rule::kw_subnet => "subnet",
        Rule::kw_gateway => "gateway",
        Rule::kw_range => "range",
        Rule::kw_reserve => "reserve",
        Rule::kw_label => "label",
        Rule::kw_name => "name",
        Rule::kw_internal => "internal",
        Rule::kw_shim => "shim",
        Rule::kw_address => "address",
        Rule::kw_route => "route",
        Rule::kw_container => "container",
        Rule::kw_image => "image",
        Rule::kw_command => "command",
        Rule::kw_hostname => "hostname",
        Rule::kw_env => "env",
        Rule::kw_ip => "ip",
        Rule::kw_ip6 => "ip6",
        Rule::kw_mac => "mac",
        Rule::kw_alias => "alias",
        Rule::kw_depends_on => "depends-on",
        Rule::kw_restart => "restart",
        _ => return None,
    })
}
