//! The systemd units that bring a project back at boot, following
//! systemd's conventions: two oneshot services per project, enabled by the
//! same symlinks `systemctl enable` would make.
//!
//! - `macrame-PROJECT.service` restores the vlans and shims from the
//!   snapshot. It runs before `docker.service` (Docker restores its
//!   networks and restarts containers as it starts, and a macvlan whose
//!   parent `eth0.50` is missing fails then), and after the parents'
//!   device units (`Wants=`, not `BindsTo=`: a NIC missing at boot delays
//!   it by the device timeout and leaves the others restored, instead of
//!   failing it). It does not remain active, and the parents' devices
//!   want it, so a parent that goes away and comes back (a USB NIC)
//!   starts it again.
//! - `macrame-PROJECT-containers.service` runs once Docker has started:
//!   it starts the containers without a restart policy, sets the default
//!   routes an old engine put back, and verifies.

use super::FileSpec;
use std::path::{Path, PathBuf};

/// The mark on the second line of every unit: what `down` checks before
/// it removes a file (never one it did not write).
pub fn mark(project: &str) -> String {
    format!("# Written by `macrame up` for project {project}; `macrame down` removes it.")
}

pub fn host_unit_name(project: &str) -> String {
    format!("macrame-{project}.service")
}

pub fn containers_unit_name(project: &str) -> String {
    format!("macrame-{project}-containers.service")
}

/// The device unit systemd (through udev) makes for a network interface:
/// `systemd-escape --path /sys/subsystem/net/devices/NAME` plus `.device`.
pub fn device_unit(interface: &str) -> String {
    let mut out = String::from("sys-subsystem-net-devices-");
    for (i, byte) in interface.bytes().enumerate() {
        let plain = byte.is_ascii_alphanumeric() || byte == b':' || byte == b'_' || byte == b'.';
        if plain && !(i == 0 && byte == b'.') {
            out.push(byte as char);
        } else if byte == b'/' {
            out.push('-');
        } else {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out.push_str(".device");
    out
}

/// An argument of ExecStart: in double quotes when it must be, `%` and
/// `$` doubled (systemd would expand a specifier or a variable).
fn argument(value: &str) -> String {
    let value = value.replace('%', "%%").replace('$', "$$");
    if value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-:+=,@".contains(&b))
    {
        value
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn command(binary: &Path, state_dir: &Path, project: &str, containers: bool) -> String {
    let mut words = vec![
        argument(&binary.display().to_string()),
        "restore".to_string(),
        "--state-dir".to_string(),
        argument(&state_dir.display().to_string()),
    ];
    if containers {
        words.push("--containers".to_string());
    }
    words.push(project.to_string());
    words.join(" ")
}

/// The units and their enabling links, in `dir`.
pub fn files(
    project: &str,
    parents: &[String],
    binary: &Path,
    state_dir: &Path,
    dir: &Path,
) -> Vec<FileSpec> {
    let devices: Vec<String> = parents.iter().map(|p| device_unit(p)).collect();
    let host_name = host_unit_name(project);
    let mut host = format!(
        "[Unit]\n{}\nDescription=macrame project {project}: vlans and shims\n",
        mark(project)
    );
    if !devices.is_empty() {
        let devices = devices.join(" ");
        host.push_str(&format!("Wants={devices}\nAfter={devices}\n"));
    }
    host.push_str(&format!(
        "Before=docker.service network-online.target\n\
         RequiresMountsFor={}\n\n\
         [Service]\nType=oneshot\nExecStart={}\n\n\
         [Install]\nWantedBy=multi-user.target{}\n",
        argument(&state_dir.display().to_string()),
        command(binary, state_dir, project, false),
        devices.iter().map(|d| format!(" {d}")).collect::<String>()
    ));
    let host_path = dir.join(&host_name);
    let mut containers = containers_files(project, binary, state_dir, dir, &host_name).into_iter();
    // In the order an earlier macrame listed them in the snapshot, so
    // that an upgrade finds it unchanged.
    let mut files = vec![FileSpec::text(host_path.clone(), host)];
    files.extend(containers.next());
    files.push(enable(dir, "multi-user.target", &host_path));
    files.extend(containers);
    for device in &devices {
        files.push(enable(dir, device, &host_path));
    }
    files
}

/// The containers' unit and its enabling link: after Docker, and after
/// `after`, what restores the host side (macrame's own unit, or
/// systemd-networkd).
pub fn containers_files(
    project: &str,
    binary: &Path,
    state_dir: &Path,
    dir: &Path,
    after: &str,
) -> Vec<FileSpec> {
    let containers = format!(
        "[Unit]\n{}\nDescription=macrame project {project}: containers, once Docker runs\n\
         Wants=docker.service\nAfter=docker.service {after}\n\
         RequiresMountsFor={}\n\n\
         [Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart={}\n\n\
         [Install]\nWantedBy=multi-user.target\n",
        mark(project),
        argument(&state_dir.display().to_string()),
        command(binary, state_dir, project, true)
    );
    let path = dir.join(containers_unit_name(project));
    vec![
        FileSpec::text(path.clone(), containers),
        enable(dir, "multi-user.target", &path),
    ]
}

/// The link `systemctl enable` makes for `WantedBy=TARGET`.
fn enable(dir: &Path, target: &str, unit: &Path) -> FileSpec {
    let name = unit.file_name().expect("a unit has a file name");
    let link: PathBuf = dir.join(format!("{target}.wants")).join(name);
    FileSpec::link(link, unit.to_path_buf())
}

/// Whether systemd runs this host (sd_booted(3): it made this folder).
pub fn running() -> bool {
    Path::new("/run/systemd/system").is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_units_are_named_as_systemd_escape_names_them() {
        // systemd-escape --path /sys/subsystem/net/devices/NAME
        assert_eq!(device_unit("nic0"), "sys-subsystem-net-devices-nic0.device");
        assert_eq!(
            device_unit("br-lan.50"),
            "sys-subsystem-net-devices-br\\x2dlan.50.device"
        );
        assert_eq!(device_unit(".x"), "sys-subsystem-net-devices-\\x2ex.device");
    }

    #[test]
    fn arguments_are_quoted_only_when_they_must_be() {
        assert_eq!(argument("/usr/bin/macrame"), "/usr/bin/macrame");
        assert_eq!(
            argument("/opt/my tools/macrame"),
            "\"/opt/my tools/macrame\""
        );
        assert_eq!(argument("/x/100%"), "\"/x/100%%\"");
        assert_eq!(argument("/x/$HOME"), "\"/x/$$HOME\"");
    }
}
