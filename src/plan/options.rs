//! The spec of a container's version 2 settings, in the engine's terms.
//! Every field is left out of the JSON (and so of the config hash) at its
//! default: a file that does not use a setting hashes as it did before
//! the setting existed, and upgrading macrame recreates nothing.

use crate::model::{self, MountSource, Topology};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};

/// A typed field hashed as the text it renders to: what the engine's API
/// takes, and what the config hash was made of before the field was typed.
pub(crate) fn as_text<T: fmt::Display, S: Serializer>(
    value: &T,
    out: S,
) -> Result<S::Ok, S::Error> {
    out.collect_str(value)
}

/// A tmpfs mount's options, rendered (and hashed) as HostConfig.Tmpfs
/// takes them: `size=67108864,mode=1777`, or empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct TmpfsOptions {
    /// Bytes.
    pub size: Option<u64>,
    pub mode: Option<u32>,
}

impl fmt::Display for TmpfsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { size, mode } = self;
        match (size, mode) {
            (Some(size), Some(mode)) => write!(f, "size={size},mode={mode:o}"),
            (Some(size), None) => write!(f, "size={size}"),
            (None, Some(mode)) => write!(f, "mode={mode:o}"),
            (None, None) => Ok(()),
        }
    }
}

impl From<TmpfsOptions> for String {
    fn from(options: TmpfsOptions) -> String {
        options.to_string()
    }
}

/// A name the container resolves to an address of its own choosing
/// (`extra-host`), rendered (and hashed) as HostConfig.ExtraHosts takes
/// it: `name:address`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct ExtraHost {
    pub name: String,
    pub address: IpAddr,
}

impl fmt::Display for ExtraHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.name, self.address)
    }
}

impl From<ExtraHost> for String {
    fn from(host: ExtraHost) -> String {
        host.to_string()
    }
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    pub container_port: u16,
    pub protocol: model::Protocol,
    pub host_ip: Option<IpAddr>,
    pub host_port: Option<u16>,
}

/// Hashed as it was before its fields were typed: `container` is
/// `80/tcp`, `host_ip` the address's text.
impl Serialize for PortSpec {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let Self {
            container_port: _,
            protocol: _,
            host_ip,
            host_port,
        } = self;
        let mut port = out.serialize_struct("PortSpec", 3)?;
        port.serialize_field("container", &self.container())?;
        port.serialize_field("host_ip", &host_ip.map(|ip| ip.to_string()))?;
        port.serialize_field("host_port", host_port)?;
        port.end()
    }
}

impl PortSpec {
    /// The container's side as the engine's API keys it: `80/tcp`.
    pub fn container(&self) -> String {
        format!("{}/{}", self.container_port, self.protocol.as_str())
    }

    /// As `docker run -p` writes it: `[IP:][HOST:]CONTAINER/PROTO`
    /// (`IP::80/tcp` for a host port the engine picks on an address).
    pub fn mapping(&self) -> String {
        let mut text = String::new();
        if let Some(ip) = &self.host_ip {
            text.push_str(&ip.to_string());
            text.push(':');
        }
        match self.host_port {
            Some(host) => text.push_str(&format!("{host}:")),
            None if self.host_ip.is_some() => text.push(':'),
            None => {}
        }
        text.push_str(&self.container());
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
    /// Path → mount options, as HostConfig.Tmpfs.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tmpfs: BTreeMap<String, TmpfsOptions>,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_hosts: Vec<ExtraHost>,
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
                let options = TmpfsOptions {
                    size: tmpfs.size,
                    mode: tmpfs.mode,
                };
                (tmpfs.path.clone(), options)
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
            .map(|(name, address)| ExtraHost {
                name: name.clone(),
                address: *address,
            })
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
                    container_port: publish.container_port,
                    protocol: publish.protocol,
                    host_ip: publish.address,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Driver, Protocol, RestartPolicy};

    /// The typed fields hash as the strings they replaced: the JSON of
    /// each is what it was, so no config hash moves.
    #[test]
    fn typed_fields_serialize_as_the_strings_they_replaced() {
        let options = OptionsSpec {
            tmpfs: [
                (
                    "/run".to_string(),
                    TmpfsOptions {
                        size: Some(67_108_864),
                        mode: Some(0o1777),
                    },
                ),
                ("/tmp".to_string(), TmpfsOptions::default()),
                (
                    "/var".to_string(),
                    TmpfsOptions {
                        size: None,
                        mode: Some(0o700),
                    },
                ),
            ]
            .into(),
            extra_hosts: vec![
                ExtraHost {
                    name: "db".into(),
                    address: "10.0.0.5".parse().unwrap(),
                },
                ExtraHost {
                    name: "v6".into(),
                    address: "fd00::5".parse().unwrap(),
                },
            ],
            ports: vec![
                PortSpec {
                    container_port: 53,
                    protocol: Protocol::Udp,
                    host_ip: Some("127.0.0.1".parse().unwrap()),
                    host_port: Some(5353),
                },
                PortSpec {
                    container_port: 80,
                    protocol: Protocol::Tcp,
                    host_ip: None,
                    host_port: None,
                },
            ],
            ..OptionsSpec::default()
        };
        assert_eq!(
            serde_json::to_string(&options).unwrap(),
            r#"{"tmpfs":{"/run":"size=67108864,mode=1777","/tmp":"","/var":"mode=700"},"extra_hosts":["db:10.0.0.5","v6:fd00::5"],"ports":[{"container":"53/udp","host_ip":"127.0.0.1","host_port":5353},{"container":"80/tcp","host_ip":null,"host_port":null}]}"#
        );
        assert_eq!(
            text(&RestartPolicy::OnFailure(Some(3))),
            r#""on-failure:3""#
        );
        assert_eq!(text(&RestartPolicy::UnlessStopped), r#""unless-stopped""#);
        assert_eq!(text(&Driver::Ipvlan), r#""ipvlan""#);
    }

    /// A value as `as_text` hashes it.
    fn text<T: std::fmt::Display>(value: &T) -> String {
        let mut out = Vec::new();
        as_text(value, &mut serde_json::Serializer::new(&mut out)).unwrap();
        String::from_utf8(out).unwrap()
    }
}
