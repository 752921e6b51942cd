//! The spec of a container's version 2 settings, in the engine's terms.
//! Every field is left out of the JSON (and so of the config hash) at its
//! default: a file that does not use a setting hashes as it did before
//! the setting existed, and upgrading macrame recreates nothing.

use crate::model::{self, MountSource, Topology};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

fn is_false(value: &bool) -> bool {
    !*value
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountKind {
    Volume,
    Bind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MountSpec {
    pub kind: MountKind,
    /// The Docker volume's name, or the bind's absolute host path; `None`
    /// for an anonymous volume.
    pub source: Option<String>,
    pub target: String,
    #[serde(skip_serializing_if = "is_false")]
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthSpec {
    pub test: Vec<String>,
    /// Nanoseconds, as the engine takes them; 0 is the engine's default.
    pub interval: i64,
    pub timeout: i64,
    pub start_period: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub start_interval: i64,
    pub retries: i64,
}

fn is_zero(value: &i64) -> bool {
    *value == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortSpec {
    /// `80/tcp`.
    pub container: String,
    pub host_ip: Option<String>,
    pub host_port: Option<u16>,
}

impl PortSpec {
    /// As `docker run -p` writes it: `[IP:][HOST:]CONTAINER/PROTO`
    /// (`IP::80/tcp` for a host port the engine picks on an address).
    pub fn mapping(&self) -> String {
        let mut text = String::new();
        if let Some(ip) = &self.host_ip {
            text.push_str(ip);
            text.push(':');
        }
        match self.host_port {
            Some(host) => text.push_str(&format!("{host}:")),
            None if self.host_ip.is_some() => text.push(':'),
            None => {}
        }
        text.push_str(&self.container);
        text
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogSpec {
    pub driver: String,
    pub options: BTreeMap<String, String>,
}

/// An image built from a context on the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildSpec {
    /// Absolute.
    pub context: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Of every file in the context: a changed file is a new image, and
    /// so a recreated container.
    pub context_hash: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OptionsSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workdir: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mounts: Vec<MountSpec>,
    /// Path → mount options (`size=67108864,mode=1777`), as HostConfig.Tmpfs.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tmpfs: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cap_add: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cap_drop: Vec<String>,
    /// (host, container, permissions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<(String, String, String)>,
    #[serde(skip_serializing_if = "is_false")]
    pub privileged: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub init: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub tty: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub stdin_open: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sysctls: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_search: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_options: Vec<String>,
    /// `name:address`, as HostConfig.ExtraHosts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_hosts: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_opts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_signal: Option<String>,
    /// Seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_timeout: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<HealthSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nano_cpus: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shm_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pids_limit: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<PortSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<LogSpec>,
}

/// `a/./b/../c` → `a/c`, without touching the file system: a bind's source
/// may not exist yet (apply creates it).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A bind's host path as the engine needs it: absolute, `~` expanded,
/// relative paths from the topology file's directory.
pub fn bind_source(topology: &Topology, written: &str) -> String {
    let path = if let Some(rest) = written.strip_prefix('~') {
        let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
        PathBuf::from(home).join(rest.trim_start_matches('/'))
    } else {
        let base = if topology.base_dir.is_absolute() {
            topology.base_dir.clone()
        } else {
            std::env::current_dir()
                .unwrap_or_else(|_| PathBuf::from("/"))
                .join(&topology.base_dir)
        };
        base.join(written)
    };
    normalize(&path).display().to_string()
}

pub fn options_spec(topology: &Topology, container: &model::Container) -> OptionsSpec {
    let options = &container.options;
    let nanos = |d: Option<std::time::Duration>| d.map_or(0, |d| d.as_nanos() as i64);
    OptionsSpec {
        build: options.build.as_ref().map(|build| {
            let context = bind_source(topology, &build.context.value);
            BuildSpec {
                context_hash: context_hash(std::path::Path::new(&context)),
                context,
                dockerfile: build.dockerfile.clone(),
                args: build.args.iter().cloned().collect(),
                target: build.target.clone(),
            }
        }),
        entrypoint: options.entrypoint.clone(),
        user: options.user.clone(),
        workdir: options.workdir.clone(),
        mounts: options
            .mounts
            .iter()
            .map(|mount| {
                let (kind, source) = match &mount.source {
                    MountSource::Volume(id) => (
                        MountKind::Volume,
                        Some(topology.volumes[*id].docker_name.clone()),
                    ),
                    MountSource::Bind(path) => (MountKind::Bind, Some(bind_source(topology, path))),
                    MountSource::Anonymous => (MountKind::Volume, None),
                };
                MountSpec {
                    kind,
                    source,
                    target: mount.target.clone(),
                    read_only: mount.read_only,
                }
            })
            .collect(),
        tmpfs: options
            .tmpfs
            .iter()
            .map(|tmpfs| {
                let mut parts = Vec::new();
                if let Some(size) = tmpfs.size {
                    parts.push(format!("size={size}"));
                }
                if let Some(mode) = tmpfs.mode {
                    parts.push(format!("mode={mode:o}"));
                }
                (tmpfs.path.clone(), parts.join(","))
            })
            .collect(),
        cap_add: options.cap_add.clone(),
        cap_drop: options.cap_drop.clone(),
        devices: options
            .devices
            .iter()
            .map(|d| (d.host.clone(), d.container.clone(), d.permissions.clone()))
            .collect(),
        privileged: options.privileged,
        read_only: options.read_only,
        init: options.init,
        tty: options.tty,
        stdin_open: options.stdin_open,
        sysctls: options.sysctls.iter().cloned().collect(),
        dns: options.dns.iter().map(|a| a.to_string()).collect(),
        dns_search: options.dns_search.clone(),
        dns_options: options.dns_options.clone(),
        extra_hosts: options
            .extra_hosts
            .iter()
            .map(|(host, address)| format!("{host}:{address}"))
            .collect(),
        security_opts: options.security_opts.clone(),
        stop_signal: options.stop_signal.clone(),
        stop_timeout: options
            .stop_grace
            .as_ref()
            .map(|d| d.value.as_secs() as i64),
        health: options.health.as_ref().map(|health| {
            let health = &health.value;
            HealthSpec {
                test: health.test.clone(),
                interval: nanos(health.interval),
                timeout: nanos(health.timeout),
                start_period: nanos(health.start_period),
                start_interval: nanos(health.start_interval),
                retries: health.retries.map_or(0, i64::from),
            }
        }),
        memory: options.memory.map(|m| m as i64),
        nano_cpus: options.nano_cpus,
        shm_size: options.shm_size.map(|m| m as i64),
        pids_limit: options.pids_limit,
        ports: options
            .publish
            .iter()
            .map(|publish| {
                let publish = &publish.value;
                PortSpec {
                    container: format!("{}/{}", publish.container_port, publish.protocol.as_str()),
                    host_ip: publish.address.map(|a| a.to_string()),
                    host_port: publish.host_port,
                }
            })
            .collect(),
        log: options.log.as_ref().map(|log| LogSpec {
            driver: log.driver.clone(),
            options: log.options.iter().cloned().collect(),
        }),
    }
}

/// A hash of every file under `dir` (paths, modes and contents, in
/// order), or `missing` when it cannot be read: a build context changed
/// is a rebuild. (`.dockerignore` is not read: an ignored file changed
/// rebuilds once for nothing, which is cheap next to a stale image.)
pub fn context_hash(dir: &Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    let mut pending = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(path) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            if path == dir {
                return "missing".to_string();
            }
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(_) => files.push(path),
                Err(_) => {}
            }
        }
    }
    files.sort();
    for file in files {
        let relative = file.strip_prefix(dir).unwrap_or(&file);
        feed(relative.as_os_str().as_encoded_bytes());
        if let Ok(meta) = std::fs::symlink_metadata(&file) {
            feed(&meta.permissions().mode().to_le_bytes());
        }
        feed(&std::fs::read(&file).unwrap_or_default());
        feed(&[0]);
    }
    format!("{hash:016x}")
}

/// The environment: env files first, the file's own `env` lines over
/// them, in the order first written. Without env files, exactly the `env`
/// lines, as before env files existed.
pub fn environment(container: &model::Container) -> Vec<String> {
    let mut order: Vec<&str> = Vec::new();
    let mut values: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, value) in container.options.env_files.iter().chain(&container.env) {
        if values.insert(key, value).is_none() {
            order.push(key);
        }
    }
    if container.options.env_files.is_empty() {
        return container
            .env
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
    }
    order
        .into_iter()
        .map(|key| format!("{key}={}", values[key]))
        .collect()
}
