//! The keywords of each kind of block, and how each statement is written:
//! what a syntax diagnostic quotes back to the user.

use super::Rule;

/// Words that start a top-level item.
pub const ITEM_KEYWORDS: &[&str] = &[
    "project",
    "parent",
    "vlan",
    "network",
    "shim",
    "container",
    "volume",
    "node",
    "service",
];

/// Words with a meaning of their own inside a statement, never starting
/// one: `vlan 50 on eth0`, `depends-on db healthy`, `test shell "..."`.
pub const VALUE_KEYWORDS: &[&str] = &["on", "started", "healthy", "completed", "shell", "none"];

/// The kinds of block a statement can stand in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Vlan,
    Network,
    Subnet,
    Shim,
    Container,
    Attachment,
    Volume,
    Build,
    Tmpfs,
    Health,
    /// A `log DRIVER { ... }` block: the driver's options, any words.
    Log,
    Node,
    Tls,
    /// A container's settings, and the Swarm's own.
    Service,
}

/// A container block's keywords, and `$extra` after them: a service
/// takes every container setting (lint says which Swarm cannot honour).
macro_rules! container_keywords {
    ($($extra:literal),*) => {
        &[
            "image",
            "command",
            "hostname",
            "env",
            "network",
            "gateway",
            "depends-on",
            "restart",
            "name",
            "build",
            "pull",
            "entrypoint",
            "user",
            "workdir",
            "env-file",
            "volume",
            "tmpfs",
            "cap-add",
            "cap-drop",
            "device",
            "privileged",
            "read-only",
            "init",
            "tty",
            "stdin-open",
            "sysctl",
            "dns",
            "dns-search",
            "dns-option",
            "extra-host",
            "security-opt",
            "label",
            "stop-signal",
            "stop-grace",
            "health",
            "memory",
            "cpus",
            "shm-size",
            "pids-limit",
            "publish",
            "log",
            "node",
            $($extra,)*
        ]
    };
}

impl Block {
    pub const ALL: [Block; 14] = [
        Block::Vlan,
        Block::Network,
        Block::Subnet,
        Block::Shim,
        Block::Container,
        Block::Attachment,
        Block::Volume,
        Block::Build,
        Block::Tmpfs,
        Block::Health,
        Block::Log,
        Block::Node,
        Block::Tls,
        Block::Service,
    ];

    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Block::Vlan => &["parent", "id", "mtu"],
            Block::Network => &[
                "mode", "parent", "subnet", "gateway", "range", "reserve", "label", "name",
                "internal", "driver", "external",
            ],
            Block::Subnet => &["gateway", "range", "reserve"],
            Block::Shim => &["network", "address", "route", "node"],
            Block::Container => container_keywords!(),
            Block::Service => container_keywords!("replicas", "placement"),
            Block::Attachment => &["ip", "ip6", "mac", "alias"],
            Block::Volume => &["external", "name", "label", "driver"],
            Block::Build => &["dockerfile", "arg", "target"],
            Block::Tmpfs => &["size", "mode"],
            Block::Health => &[
                "test",
                "interval",
                "timeout",
                "retries",
                "start-period",
                "start-interval",
            ],
            Block::Log => &[],
            Block::Node => &["docker", "tls"],
            Block::Tls => &["ca", "cert", "key"],
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
            Block::Volume => Rule::volume_check,
            Block::Build => Rule::build_check,
            Block::Tmpfs => Rule::tmpfs_check,
            Block::Health => Rule::health_check,
            Block::Log => Rule::log_check,
            Block::Node => Rule::node_check,
            Block::Tls => Rule::tls_check,
            Block::Service => Rule::service_check,
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
            Block::Volume => "a volume block",
            Block::Build => "a build block",
            Block::Tmpfs => "a tmpfs block",
            Block::Health => "a health block",
            Block::Log => "a log block",
            Block::Node => "a node block",
            Block::Tls => "a tls block",
            Block::Service => "a service block",
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
        (None, "node") => "node NAME { docker \"unix:///PATH|tcp://HOST:PORT|ssh://USER@HOST\" }",
        (None, "service") => {
            "service NAME { image \"IMAGE\"; replicas N|global; network NAME; placement \"CONSTRAINT\" }"
        }
        (_, "node") => "node NAME",
        (_, "docker") => {
            "docker \"unix:///PATH\"   or   docker \"tcp://HOST:PORT\"   or   docker \"ssh://USER@HOST\""
        }
        (_, "tls") => "tls { ca \"PATH\"; cert \"PATH\"; key \"PATH\" }",
        (_, "ca") => "ca \"PATH\"",
        (_, "cert") => "cert \"PATH\"",
        (_, "key") => "key \"PATH\"",
        (_, "replicas") => "replicas COUNT   or   replicas global",
        (_, "placement") => "placement \"CONSTRAINT\"   (e.g. \"node.role==worker\")",
        (Some(Block::Network), "parent") => "parent IFNAME [on NODE]",
        (_, "parent") => "parent IFNAME",
        (_, "id") => "id ID   (1 to 4094)",
        (_, "mtu") => "mtu BYTES",
        (Some(Block::Tmpfs), "mode") => "mode 1777",
        (_, "mode") => "mode bridge|vepa|private|passthru|l2|l3|l3s",
        (_, "subnet") => {
            "subnet PREFIX [gateway ADDRESS] [range PREFIX] [reserve NAME = ADDRESS]   or   subnet PREFIX { ... }"
        }
        (Some(Block::Container), "gateway") => "gateway NETWORK",
        (_, "gateway") => "gateway ADDRESS",
        (_, "range") => "range PREFIX [on NODE]",
        (_, "reserve") => "reserve NAME = ADDRESS",
        (_, "label") => "label KEY = \"VALUE\"",
        (Some(Block::Container), "name") => "name \"DOCKER-CONTAINER-NAME\"",
        (Some(Block::Volume), "name") => "name \"DOCKER-VOLUME-NAME\"",
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
        (_, "depends-on") => "depends-on CONTAINER ... [started|healthy|completed]",
        (_, "restart") => "restart no|always|unless-stopped|on-failure[:N]",
        (None, "volume") => {
            "volume NAME   or   volume NAME { external; name \"DOCKER-VOLUME-NAME\" }"
        }
        (Some(Block::Container), "volume") => {
            "volume VOLUME:/PATH[:ro]   or   volume ./HOST-PATH:/PATH[:ro]"
        }
        (_, "driver") => "driver macvlan|ipvlan|bridge",
        (_, "external") => "external",
        (_, "build") => "build \"./CONTEXT\" { dockerfile \"Dockerfile\"; arg KEY = \"VALUE\" }",
        (_, "dockerfile") => "dockerfile \"PATH\"",
        (_, "arg") => "arg KEY = \"VALUE\"",
        (_, "target") => "target STAGE",
        (_, "pull") => "pull always|missing|never",
        (_, "entrypoint") => "entrypoint \"ARG\" \"ARG\" ...",
        (_, "user") => "user \"UID[:GID]\"",
        (_, "workdir") => "workdir /PATH",
        (_, "env-file") => "env-file \"PATH\"",
        (_, "tmpfs") => "tmpfs /PATH   or   tmpfs /PATH { size 64m }",
        (_, "size") => "size BYTES   (e.g. 64m)",
        (_, "cap-add") => "cap-add CAPABILITY ...",
        (_, "cap-drop") => "cap-drop CAPABILITY ...",
        (_, "device") => "device /dev/HOST[:/dev/CONTAINER[:rwm]]",
        (_, "privileged" | "read-only" | "init" | "tty" | "stdin-open") => {
            "privileged | read-only | init | tty | stdin-open   (flags, alone on their line)"
        }
        (_, "sysctl") => "sysctl KEY = VALUE",
        (_, "dns") => "dns ADDRESS ...",
        (_, "dns-search") => "dns-search DOMAIN ...",
        (_, "dns-option") => "dns-option OPTION ...",
        (_, "extra-host") => "extra-host NAME = ADDRESS",
        (_, "security-opt") => "security-opt \"OPTION\" ...",
        (_, "stop-signal") => "stop-signal SIGNAL",
        (_, "stop-grace") => "stop-grace DURATION   (e.g. 30s)",
        (_, "health") => "health { test \"CMD\" \"ARG\" ...; interval 10s; timeout 5s; retries 3 }",
        (_, "test") => "test \"CMD\" \"ARG\" ...   or   test shell \"COMMAND\"   or   test none",
        (_, "interval" | "timeout" | "start-period" | "start-interval") => {
            "interval|timeout|start-period|start-interval DURATION   (e.g. 10s)"
        }
        (_, "retries") => "retries COUNT",
        (_, "memory") => "memory BYTES   (e.g. 512m)",
        (_, "cpus") => "cpus COUNT   (e.g. 1.5)",
        (_, "shm-size") => "shm-size BYTES   (e.g. 64m)",
        (_, "pids-limit") => "pids-limit COUNT",
        (_, "publish") => "publish [ADDRESS:]HOST-PORT:CONTAINER-PORT[/udp]",
        (_, "log") => "log DRIVER { OPTION VALUE; ... }",
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
        Rule::kw_driver => "driver",
        Rule::kw_external => "external",
        Rule::kw_volume => "volume",
        Rule::kw_build => "build",
        Rule::kw_dockerfile => "dockerfile",
        Rule::kw_arg => "arg",
        Rule::kw_target => "target",
        Rule::kw_pull => "pull",
        Rule::kw_entrypoint => "entrypoint",
        Rule::kw_user => "user",
        Rule::kw_workdir => "workdir",
        Rule::kw_env_file => "env-file",
        Rule::kw_tmpfs => "tmpfs",
        Rule::kw_size => "size",
        Rule::kw_cap_add => "cap-add",
        Rule::kw_cap_drop => "cap-drop",
        Rule::kw_device => "device",
        Rule::kw_privileged => "privileged",
        Rule::kw_read_only => "read-only",
        Rule::kw_init => "init",
        Rule::kw_tty => "tty",
        Rule::kw_stdin_open => "stdin-open",
        Rule::kw_sysctl => "sysctl",
        Rule::kw_dns => "dns",
        Rule::kw_dns_search => "dns-search",
        Rule::kw_dns_option => "dns-option",
        Rule::kw_extra_host => "extra-host",
        Rule::kw_security_opt => "security-opt",
        Rule::kw_stop_signal => "stop-signal",
        Rule::kw_stop_grace => "stop-grace",
        Rule::kw_health => "health",
        Rule::kw_test => "test",
        Rule::kw_shell => "shell",
        Rule::kw_none => "none",
        Rule::kw_interval => "interval",
        Rule::kw_timeout => "timeout",
        Rule::kw_retries => "retries",
        Rule::kw_start_period => "start-period",
        Rule::kw_start_interval => "start-interval",
        Rule::kw_started => "started",
        Rule::kw_healthy => "healthy",
        Rule::kw_completed => "completed",
        Rule::kw_memory => "memory",
        Rule::kw_cpus => "cpus",
        Rule::kw_shm_size => "shm-size",
        Rule::kw_pids_limit => "pids-limit",
        Rule::kw_publish => "publish",
        Rule::kw_log => "log",
        Rule::kw_node => "node",
        Rule::kw_docker => "docker",
        Rule::kw_tls => "tls",
        Rule::kw_ca => "ca",
        Rule::kw_cert => "cert",
        Rule::kw_key => "key",
        Rule::kw_service => "service",
        Rule::kw_replicas => "replicas",
        Rule::kw_placement => "placement",
        _ => return None,
    })
}
