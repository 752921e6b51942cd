//! What an error or a plan-time refusal is about, and what was being done
//! to it: typed, so that code deciding on an error (the kernel's hint for a
//! refused vlan, a test, a caller that tolerates one failure) matches on
//! values, never on the words of a message. Below the planner, the engine
//! and the errors, which all name objects: it depends on none of them.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// The kind of object a planned change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Vlan,
    Network,
    Shim,
    Container,
    Volume,
    /// A Docker Swarm service (several hosts).
    Service,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Vlan => "vlan",
            Kind::Network => "network",
            Kind::Shim => "shim",
            Kind::Container => "container",
            Kind::Volume => "volume",
            Kind::Service => "service",
        }
    }
}

/// The thing a step was done to, or that a plan refuses to touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    Container(String),
    /// One of a container's parts: a step of creating or restoring it.
    OfContainer {
        container: String,
        part: Box<Part>,
    },
    Network(String),
    Vlan(String),
    Shim(String),
    Volume(String),
    /// A Docker Swarm service.
    Service(String),
    Image(String),
    /// A host interface macrame does not make (a parent NIC), or one not
    /// known to be a vlan or a shim.
    Interface(String),
    /// The temporary macvlan `plan --probe` listens on.
    ProbeLink {
        name: String,
        parent: String,
    },
    /// A probe link a killed `plan --probe` left behind.
    AbandonedProbeLink(String),
    /// A vlan `plan --probe` made to listen on (its parent's not there).
    ProbeVlan {
        name: String,
        parent: String,
    },
    /// A node of a file of several hosts, and the engine address it has.
    Node {
        name: String,
        engine: String,
    },
    /// A node of a file of several hosts, by its name in the file.
    Member(String),
    /// An object on one node of a file of several hosts.
    OnNode {
        node: String,
        object: Box<Object>,
    },
    /// A parent NIC, as the file names it, with what the file puts on it
    /// (when that helps to find it in the file).
    Parent {
        name: String,
        of: Vec<Object>,
    },
    /// The Swarm services of a file of several hosts, together.
    Services,
    /// The local Docker engine.
    Engine,
    /// The Swarm the nodes of a file of several hosts make.
    Swarm,
    /// The host's kernel, through netlink.
    Netlink,
    /// The lock of a project, and its state directory.
    Project(String),
    Journal(PathBuf),
    Snapshot(PathBuf),
    /// A file macrame writes: a persistence unit, an export, `fmt`'s.
    File(PathBuf),
    /// A folder macrame makes to write files into.
    Directory(PathBuf),
    Systemd,
    /// The language server's connection (stdio).
    LanguageServer,
    /// The async runtime every command that talks to an engine runs on.
    AsyncRuntime,
    StandardOutput,
    /// A program macrame runs (Graphviz's `dot`).
    Program(&'static str),
}

/// A part of a container that one of its steps concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Network(String),
    Image(String),
    /// A build context.
    Build(String),
    Volume(String),
    /// The host folder of a bind mount.
    BindSource(String),
}

impl Object {
    /// The object a planned change of `kind` is to.
    pub fn of_kind(kind: Kind, name: &str) -> Object {
        let name = name.to_string();
        match kind {
            Kind::Vlan => Object::Vlan(name),
            Kind::Network => Object::Network(name),
            Kind::Shim => Object::Shim(name),
            Kind::Container => Object::Container(name),
            Kind::Volume => Object::Volume(name),
            Kind::Service => Object::Service(name),
        }
    }

    pub fn container(name: impl Into<String>) -> Object {
        Object::Container(name.into())
    }

    pub fn network(name: impl Into<String>) -> Object {
        Object::Network(name.into())
    }

    /// `part` of container `name`.
    pub fn of_container(name: impl Into<String>, part: Part) -> Object {
        Object::OfContainer {
            container: name.into(),
            part: Box::new(part),
        }
    }
}

/// So that one object, named once, serves several steps' errors.
impl From<&Object> for Object {
    fn from(object: &Object) -> Object {
        object.clone()
    }
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Object::Container(name) => write!(f, "container {name}"),
            Object::OfContainer { container, part } => {
                write!(f, "container {container} (")?;
                match part.as_ref() {
                    Part::Network(name) => write!(f, "network {name}"),
                    Part::Image(name) => write!(f, "image {name}"),
                    Part::Build(context) => write!(f, "build {context}"),
                    Part::Volume(name) => write!(f, "volume {name}"),
                    Part::BindSource(path) => write!(f, "bind source {path}"),
                }?;
                write!(f, ")")
            }
            Object::Network(name) => write!(f, "network {name}"),
            Object::Vlan(name) => write!(f, "vlan {name}"),
            Object::Shim(name) => write!(f, "shim {name}"),
            Object::Volume(name) => write!(f, "volume {name}"),
            Object::Service(name) => write!(f, "service {name}"),
            Object::Image(name) => write!(f, "image {name}"),
            Object::Interface(name) => write!(f, "interface {name}"),
            Object::ProbeLink { name, parent } => write!(f, "probe link {name} on {parent}"),
            Object::AbandonedProbeLink(name) => write!(f, "abandoned probe link {name}"),
            Object::ProbeVlan { name, parent } => write!(f, "probe vlan {name} on {parent}"),
            Object::Node { name, engine } => write!(f, "node {name} ({engine})"),
            Object::Member(name) => write!(f, "node {name}"),
            Object::OnNode { node, object } => write!(f, "node {node}: {object}"),
            Object::Parent { name, of } => {
                write!(f, "parent {name}")?;
                for (index, user) in of.iter().enumerate() {
                    let before = if index == 0 { " (of " } else { ", " };
                    write!(f, "{before}{user}")?;
                }
                if of.is_empty() {
                    Ok(())
                } else {
                    write!(f, ")")
                }
            }
            Object::Services => write!(f, "services"),
            Object::Engine => write!(f, "docker engine"),
            Object::Swarm => write!(f, "swarm"),
            Object::Netlink => write!(f, "netlink"),
            Object::Project(name) => write!(f, "project {name}"),
            Object::Journal(path) => write!(f, "journal {}", path.display()),
            Object::Snapshot(path) => write!(f, "snapshot {}", path.display()),
            Object::File(path) => write!(f, "file {}", path.display()),
            Object::Directory(path) => write!(f, "directory {}", path.display()),
            Object::Systemd => write!(f, "systemd"),
            Object::LanguageServer => write!(f, "language server"),
            Object::AsyncRuntime => write!(f, "async runtime"),
            Object::StandardOutput => write!(f, "standard output"),
            Object::Program(name) => write!(f, "program `{name}`"),
        }
    }
}

/// What was being done to the object. Its text completes "OBJECT:
/// ... failed".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    // The engine and its objects.
    Connect,
    NegotiateApiVersion,
    List(Listing),
    Inspect,
    Create,
    Update,
    Remove,
    Rename,
    Start,
    Stop,
    /// Restoring what a run removed (a network, a link).
    Restore,
    RestoreMac,
    LeaveRemovedNetwork,
    RejoinRestoredNetwork,
    Pull,
    Build,
    ReadBuildContext,
    Exec,
    ReadLogs,
    ReadSwarmState,
    // The host's links, addresses and routes.
    LookUp,
    FindParent,
    Mark,
    SetUp,
    Delete,
    TurnOffIpv6,
    TurnOffIpv6Autoconfiguration,
    Configure,
    AddAddress,
    AddRoute,
    SetDefaultRoute,
    RemoveDefaultRoute,
    EnterNetworkNamespace,
    FindEngineProcess,
    ReadMac,
    Probe,
    // Files, locks, systemd.
    Read,
    Write,
    Replace,
    MakeDirectory,
    MakeStateDirectory,
    SyncDirectory,
    FindNetworkdFile,
    ReloadSystemd,
    /// Running a program.
    Run,
    /// Answering the editor.
    Serve,
    OpenLock,
    TakeLock,
    WaitForLock,
    WriteLock,
}

/// What a listing lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Containers,
    Networks,
    Volumes,
    Services,
    Tasks,
    Links,
    Addresses,
    Routes,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Operation::Connect => "connect",
            Operation::NegotiateApiVersion => "negotiate the API version",
            Operation::List(what) => {
                let what = match what {
                    Listing::Containers => "containers",
                    Listing::Networks => "networks",
                    Listing::Volumes => "volumes",
                    Listing::Services => "services",
                    Listing::Tasks => "tasks",
                    Listing::Links => "links",
                    Listing::Addresses => "addresses",
                    Listing::Routes => "routes",
                };
                return write!(f, "list {what}");
            }
            Operation::Inspect => "inspect",
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Remove => "remove",
            Operation::Rename => "rename",
            Operation::Start => "start",
            Operation::Stop => "stop",
            Operation::Restore => "restore",
            Operation::RestoreMac => "restore its MAC",
            Operation::LeaveRemovedNetwork => "leave the removed network",
            Operation::RejoinRestoredNetwork => "rejoin the restored network",
            Operation::Pull => "pull",
            Operation::Build => "build",
            Operation::ReadBuildContext => "read the build context",
            Operation::Exec => "exec",
            Operation::ReadLogs => "read logs",
            Operation::ReadSwarmState => "read the engine's Swarm state",
            Operation::LookUp => "look up",
            Operation::FindParent => "find parent",
            Operation::Mark => "mark",
            Operation::SetUp => "set up",
            Operation::Delete => "delete",
            Operation::TurnOffIpv6 => "turn off IPv6",
            Operation::TurnOffIpv6Autoconfiguration => "turn off IPv6 autoconfiguration",
            Operation::Configure => "configure",
            Operation::AddAddress => "add address",
            Operation::AddRoute => "add route",
            Operation::SetDefaultRoute => "set default route",
            Operation::RemoveDefaultRoute => "remove default route",
            Operation::EnterNetworkNamespace => "enter network namespace",
            Operation::FindEngineProcess => "find the engine's process",
            Operation::ReadMac => "read its MAC",
            Operation::Probe => "probe",
            Operation::Read => "read",
            Operation::Write => "write",
            Operation::Replace => "replace",
            Operation::MakeDirectory => "make its directory",
            Operation::MakeStateDirectory => "make the state directory",
            Operation::SyncDirectory => "sync its directory",
            Operation::FindNetworkdFile => "find its systemd-networkd file",
            Operation::ReloadSystemd => "reload (systemctl daemon-reload)",
            Operation::Run => "run",
            Operation::Serve => "serve",
            Operation::OpenLock => "open its lock",
            Operation::TakeLock => "take its lock",
            Operation::WaitForLock => "wait for its lock",
            Operation::WriteLock => "write its lock",
        };
        f.write_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_reads_as_its_kind_and_name() {
        assert_eq!(
            Object::of_kind(Kind::Vlan, "eth0.10").to_string(),
            "vlan eth0.10"
        );
        assert_eq!(
            Object::of_container("web", Part::Network("lan".into())).to_string(),
            "container web (network lan)"
        );
        assert_eq!(
            Object::Node {
                name: "b".into(),
                engine: "tcp://10.0.0.2:2375".into()
            }
            .to_string(),
            "node b (tcp://10.0.0.2:2375)"
        );
        assert_eq!(Operation::List(Listing::Routes).to_string(), "list routes");
    }
}
