//! The types of a container's version 2 settings (volumes, capabilities,
//! health, limits, ...) and of the `volume` item: what real services need
//! beyond an image and an address. Values are typed and checked here, in
//! the engine's units, so that the spec only copies them.

use crate::span::{Span, Spanned};
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

/// Index of a volume in `Topology::volumes`.
pub type VolumeId = usize;

/// A named Docker volume: the project's own, or one made elsewhere.
#[derive(Debug, Clone)]
pub struct Volume {
    pub name: Spanned<String>,
    /// `<project>_<name>`, or the volume's `name`.
    pub docker_name: String,
    pub external: bool,
    pub driver: Option<String>,
    pub labels: Vec<(String, String)>,
    pub span: Span,
}

/// Where an image comes from when it is not on the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PullPolicy {
    Always,
    #[default]
    Missing,
    Never,
}

impl PullPolicy {
    pub const NAMES: [&'static str; 3] = ["always", "missing", "never"];

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "always" => Self::Always,
            "missing" => Self::Missing,
            "never" => Self::Never,
            _ => return None,
        })
    }
}

/// `build "./dns" { dockerfile "Dockerfile"; arg VERSION = "1" }`.
#[derive(Debug, Clone)]
pub struct Build {
    /// As written: relative to the topology file.
    pub context: Spanned<String>,
    pub dockerfile: Option<String>,
    pub args: Vec<(String, String)>,
    pub target: Option<String>,
}

/// What a `volume` line mounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountSource {
    /// A declared volume.
    Volume(VolumeId),
    /// A host path, as written (`./conf`, `/srv/conf`, `~/conf`).
    Bind(String),
    /// `volume /data`: a fresh anonymous volume, as in Compose.
    Anonymous,
}

/// Whether a mount's source is a host path (a bind), not a volume's name:
/// it starts with `/`, `.` or `~`, as Compose reads it.
pub fn is_host_path(source: &str) -> bool {
    source.starts_with(['/', '.', '~'])
}

#[derive(Debug, Clone)]
pub struct Mount {
    pub source: MountSource,
    /// Absolute, inside the container.
    pub target: String,
    pub read_only: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Tmpfs {
    pub path: String,
    pub size: Option<u64>,
    pub mode: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Device {
    pub host: String,
    pub container: String,
    pub permissions: String,
}

/// `health { ... }`, in the engine's terms.
#[derive(Debug, Clone, Default)]
pub struct Health {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`; empty: the
    /// image's own test, with the timings given here.
    pub test: Vec<String>,
    pub interval: Option<Duration>,
    pub timeout: Option<Duration>,
    pub start_period: Option<Duration>,
    pub start_interval: Option<Duration>,
    pub retries: Option<u32>,
}

impl Health {
    /// Whether the container has a check at all (`test none` turns the
    /// image's off; timings alone keep the image's test).
    pub fn checks(&self) -> bool {
        self.test.first().is_none_or(|kind| kind != "NONE")
    }
}

/// When a dependent may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Condition {
    #[default]
    Started,
    Healthy,
    Completed,
}

impl Condition {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "started" => Self::Started,
            "healthy" => Self::Healthy,
            "completed" => Self::Completed,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "started",
            Self::Healthy => "healthy",
            Self::Completed => "completed",
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
            Self::Sctp => "sctp",
        }
    }
}

/// `publish [ADDRESS:]HOST:CONTAINER[/PROTO]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    pub address: Option<IpAddr>,
    /// `None`: a port the engine picks.
    pub host_port: Option<u16>,
    pub container_port: u16,
    pub protocol: Protocol,
}

#[derive(Debug, Clone)]
pub struct Log {
    pub driver: String,
    pub options: Vec<(String, String)>,
}

/// Everything version 2 adds to a container, at its defaults when not
/// written.
#[derive(Debug, Clone, Default)]
pub struct ContainerOptions {
    pub build: Option<Build>,
    pub pull: PullPolicy,
    pub entrypoint: Option<Vec<String>>,
    pub user: Option<String>,
    pub workdir: Option<String>,
    /// From `env-file`s, before the file's own `env` lines (which win).
    pub env_files: Vec<(String, String)>,
    pub mounts: Vec<Mount>,
    pub tmpfs: Vec<Tmpfs>,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub devices: Vec<Device>,
    pub privileged: bool,
    pub read_only: bool,
    pub init: bool,
    pub tty: bool,
    pub stdin_open: bool,
    pub sysctls: Vec<(String, String)>,
    pub dns: Vec<IpAddr>,
    pub dns_search: Vec<String>,
    pub dns_options: Vec<String>,
    pub extra_hosts: Vec<(String, IpAddr)>,
    pub security_opts: Vec<String>,
    pub labels: Vec<(String, String)>,
    pub stop_signal: Option<String>,
    pub stop_grace: Option<Spanned<Duration>>,
    pub health: Option<Spanned<Health>>,
    /// Non-default conditions of `depends-on`, by the container waited on.
    pub conditions: Vec<(usize, Spanned<Condition>)>,
    pub memory: Option<u64>,
    pub nano_cpus: Option<i64>,
    pub shm_size: Option<u64>,
    pub pids_limit: Option<i64>,
    pub publish: Vec<Spanned<Publish>>,
    pub log: Option<Log>,
}
