//! What the parser and the linter report: a code, a severity, a message,
//! labelled spans and a help line with the fix.

use crate::span::Span;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        /// Every diagnostic code. The names are a contract with users
        /// (LANGUAGE.md): never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// One line on when the code fires, as in LANGUAGE.md's table.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name {
                    $($name => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    Syntax = "syntax", Error, "the file does not parse; says what was expected where";
    DuplicateName = "duplicate-name", Error, "two networks, two containers, or two interfaces share a name";
    DuplicateSetting = "duplicate-setting", Error, "a single-valued setting (mode, parent, image, id, ...) is given twice in one block";
    UnknownNetwork = "unknown-network", Error, "a container, shim or `gateway` names an undeclared network";
    UnknownContainer = "unknown-container", Error, "`depends-on` names an undeclared container";
    DependencyCycle = "dependency-cycle", Error, "`depends-on` forms a cycle";
    MissingImage = "missing-image", Error, "a container has no image";
    MissingParent = "missing-parent", Error, "a vlan has no parent or no id";
    InvalidAddress = "invalid-address", Error, "an address, prefix or MAC that does not parse, or of the wrong family";
    InvalidName = "invalid-name", Error, "a network or container name breaks Docker's rule";
    IfnameInvalid = "ifname-invalid", Error, "an interface name breaks the kernel's rule (too long, bad character)";
    UnknownMode = "unknown-mode", Error, "a mode other than bridge, vepa, private, passthru";
    UnknownRestart = "unknown-restart", Error, "a restart policy other than no, always, unless-stopped, on-failure[:N]";
    InvalidNumber = "invalid-number", Error, "a vlan id or MTU that is not a decimal number in range";
    GatewayNeedsSubnet = "gateway-needs-subnet", Error, "a network gives a gateway but declares no subnet";
    GatewayOutsideSubnet = "gateway-outside-subnet", Error, "a gateway lies in none of the network's subnets (or not in its own subnet block)";
    GatewayNotHost = "gateway-not-host", Error, "a gateway is a subnet's network or broadcast address";
    DuplicateGateway = "duplicate-gateway", Error, "two gateways fall in one subnet";
    RangeOutsideSubnet = "range-outside-subnet", Error, "a range lies in none of the network's subnets";
    ReserveOutsideSubnet = "reserve-outside-subnet", Error, "a reserved address lies in none of the network's subnets";
    SubnetHostBits = "subnet-host-bits", Error, "a subnet or range is written with host bits set; Docker 25+ refuses it";
    SubnetOverlap = "subnet-overlap", Error, "two subnets overlap, in one network or across networks";
    IpNeedsSubnet = "ip-needs-subnet", Error, "a static address on a network that declares no subnet";
    IpOutsideSubnet = "ip-outside-subnet", Error, "a static address lies in none of the network's subnets";
    IpNotHost = "ip-not-host", Error, "a static address is a subnet's network or broadcast address";
    IpConflict = "ip-conflict", Error, "an address is used twice: by two containers, or by a container and a gateway, a reserved address or a shim";
    IpInRange = "ip-in-range", Warning, "a container's static address lies inside the range Docker assigns from";
    MacInvalid = "mac-invalid", Error, "a MAC that is multicast or all zeros";
    MacConflict = "mac-conflict", Error, "two endpoints on one parent share a MAC";
    ParentShared = "parent-shared", Warning, "two macvlan networks use the same parent interface";
    VlanIdRange = "vlan-id-range", Error, "a vlan id outside 1..4094";
    VlanDuplicate = "vlan-duplicate", Error, "two vlans with the same parent and id";
    VlanNameMismatch = "vlan-name-mismatch", Warning, "a vlan named like `eth0.50` whose parent or id says otherwise";
    PassthruSingleEndpoint = "passthru-single-endpoint", Error, "more than one container, or a shim, on a passthru network, or another network on its parent";
    PrivateIsolated = "private-isolated", Warning, "containers that depend on each other share only a private-mode network";
    NoParent = "no-parent", Warning, "a network that is not internal has no parent";
    MissingGateway = "missing-gateway", Warning, "a network that is not internal declares subnets but no gateway";
    CrossSubnet = "cross-subnet", Warning, "a container depends on one with which it shares no subnet";
    ShimIncomplete = "shim-incomplete", Error, "a shim has no network or no address";
    ShimMode = "shim-mode", Error, "a shim on a network whose mode is not bridge";
    ShimRouteOutside = "shim-route-outside", Warning, "a shim route lies outside the network's subnets";
    DefaultGatewayAmbiguous = "default-gateway-ambiguous", Warning, "a container on two or more networks with gateways and no `gateway` line";
    GatewayNotAttached = "gateway-not-attached", Error, "`gateway X` where the container is not on X, or X is internal or has no gateway";
    UnusedNetwork = "unused-network", Warning, "a network no container or shim uses";
    UnusedVlan = "unused-vlan", Warning, "a vlan no network uses";
    UnknownDriver = "unknown-driver", Error, "a network driver other than macvlan, ipvlan or bridge";
    InvalidValue = "invalid-value", Error, "a size, count, CPU share, port mapping, device, pull policy or file mode that does not parse";
    InvalidDuration = "invalid-duration", Error, "a duration without a unit or that does not parse (`10s`, `1m30s`, `500ms`)";
    InvalidMount = "invalid-mount", Error, "a mount whose host path is not absolute, `./` or `~/`, or whose container path is not absolute";
    UnknownVolume = "unknown-volume", Error, "a container mounts a volume the file does not declare";
    UnknownCapability = "unknown-capability", Error, "a capability the kernel does not have";
    UnknownSignal = "unknown-signal", Error, "a stop signal that is not a signal";
    UnknownSysctl = "unknown-sysctl", Error, "a sysctl that is not per namespace: the engine refuses to set it in a container";
    UnknownSecurityOpt = "unknown-security-opt", Error, "a security option the engine does not read";
    EnvFileMissing = "env-file-missing", Error, "an `env-file` that cannot be read";
    HealthNeeded = "health-needed", Warning, "`depends-on X healthy` where X has no health check in the file (only its image's, if any)";
    IpvlanMac = "ipvlan-mac", Error, "a `mac` on an ipvlan endpoint: ipvlan children share the parent's MAC";
    ParentDriverMixed = "parent-driver-mixed", Error, "an ipvlan and a macvlan network on one parent: the kernel refuses the second";
    BridgeParent = "bridge-parent", Error, "a `parent` on a bridge network, or a shim on one";
    PublishNeedsBridge = "publish-needs-bridge", Warning, "`publish` on a container with no bridge network: its macvlan address is reachable as it is";
    DuplicateContainerName = "duplicate-container-name", Error, "two containers would have one Docker name";
    UnsetVariable = "unset-variable", Error, "a `${VAR}` that is set neither in the environment nor in `.env`, and has no default";
    UnknownNode = "unknown-node", Error, "a container, shim, service, parent or range names an undeclared node";
    NodeInvalid = "node-invalid", Error, "a node without a `docker` address, with one that is not unix://, tcp:// or ssh://, or with TLS settings that do not fit (on a socket or ssh, a file missing, not all of ca, cert and key)";
    NodeNeeded = "node-needed", Error, "a container or shim says no `node` in a file of several nodes";
    NodeParentMissing = "node-parent-missing", Error, "a network is used on a node for which it has no parent";
    RangeTooSmall = "range-too-small", Error, "a range (or subnet) too small to split between the nodes that use the network";
    NodeRangeOverlap = "node-range-overlap", Error, "two nodes' ranges of one network overlap";
    NodeRangeMissing = "node-range-missing", Error, "ranges are given per node, but not for a node that uses the network";
    IpInNodeRange = "ip-in-node-range", Error, "a static address inside the range another node hands out";
    IpOnSwarmNetwork = "ip-on-swarm-network", Error, "a container's static address or MAC on a network that services use: the Swarm hands out its addresses";
    ServiceUnsupported = "service-unsupported", Error, "a service setting that Swarm cannot honour (static addresses, privileged, devices, build, ...)";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span with a short note on what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The concrete fix, when there is one.
    pub help: Option<String>,
    /// Where the problem is.
    pub primary: Label,
    /// Other places involved: the first definition, the other subnet, ...
    pub related: Vec<Label>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            help: None,
            primary: Label {
                span,
                note: String::new(),
            },
            related: Vec::new(),
        }
    }

    /// The note on the primary span.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.primary.note = note.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            note: note.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Diagnostics collected across the stages, in one list.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(diagnostics);
    }

    /// In file order, the primary span first, then the code.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by_key(|d| (d.primary.span, d.code));
        self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
}
