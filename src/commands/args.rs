//! The arguments several commands share: the file and project, the
//! output and progress formats, the state folder and persistence.

use crate::model::names;
use clap::ValueEnum;
use std::path::PathBuf;

/// The file and project, as Docker Compose takes them.
#[derive(Debug, Clone, clap::Args)]
pub struct ProjectArgs {
    /// The topology file.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        default_value = "macrame.mcr"
    )]
    pub file: PathBuf,

    /// The project name [default: the file's `project`, else its directory's name].
    #[arg(short = 'p', long = "project", value_name = "NAME", value_parser = project_arg)]
    pub project: Option<String>,
}

/// A project name must make valid Docker names and link marks.
pub(crate) fn project_arg(name: &str) -> Result<String, String> {
    if names::is_docker_name(name) {
        Ok(name.to_string())
    } else {
        Err("a project name starts with a letter or digit and holds only letters, digits, `_`, `.` and `-`".to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressFormat {
    /// A live line per object on a terminal, plain lines otherwise.
    Auto,
    Plain,
    Json,
    Quiet,
}

/// Where a project's persistence lives: what `plan`, `up`, `down` and
/// `ps` share.
#[derive(Debug, Clone, clap::Args)]
pub struct StateArgs {
    /// The folder of the projects' snapshots.
    #[arg(long, value_name = "DIR", env = "MACRAME_STATE_DIR", default_value = crate::persist::STATE_DIR, value_parser = absolute)]
    pub state_dir: PathBuf,
}

/// How `up` makes the host side survive a reboot. What is not given is
/// what the last `up` of the project chose (its snapshot says), so that a
/// plain `plan` after `up --no-persist` plans nothing.
#[derive(Debug, Clone, clap::Args)]
pub struct PersistArgs {
    #[command(flatten)]
    pub state: StateArgs,

    /// Leave the host side as netlink made it: gone after a reboot (and
    /// remove the persistence an earlier `up` installed).
    #[arg(long, conflicts_with = "persist")]
    pub no_persist: bool,

    /// What restores the vlans and shims at boot [default: systemd].
    #[arg(long, value_enum, value_name = "HOW")]
    pub persist: Option<crate::persist::Mode>,

    /// Where the systemd units go; given, they are written there even on
    /// a host that systemd does not run (and systemd is not reloaded).
    #[arg(long, value_name = "DIR", env = "MACRAME_SYSTEMD_DIR", value_parser = absolute)]
    pub systemd_dir: Option<PathBuf>,

    /// Where `--persist networkd` writes networkd's files [default:
    /// /etc/systemd/network].
    #[arg(long, value_name = "DIR", env = "MACRAME_NETWORK_DIR", value_parser = absolute)]
    pub network_dir: Option<PathBuf>,
}

impl PersistArgs {
    pub fn settings(&self, project: &str) -> crate::persist::Settings {
        let last = crate::persist::Snapshot::load(&self.state.state_dir, project)
            .ok()
            .flatten();
        let persistent = if self.no_persist {
            false
        } else if self.persist.is_some() {
            true
        } else {
            last.as_ref().is_none_or(|s| s.persistent)
        };
        let chosen_dir = self
            .systemd_dir
            .clone()
            .or_else(|| last.as_ref().and_then(|s| s.systemd_dir.clone()));
        let running = crate::persist::systemd::running();
        let systemd_dir = chosen_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::persist::SYSTEMD_DIR));
        let standard = systemd_dir == std::path::Path::new(crate::persist::SYSTEMD_DIR);
        let mode = self
            .persist
            .or_else(|| last.as_ref().and_then(|s| s.mode))
            .unwrap_or(crate::persist::Mode::Systemd);
        let network_dir = self
            .network_dir
            .clone()
            .or_else(|| last.as_ref().and_then(|s| s.network_dir.clone()));
        crate::persist::Settings {
            mode: persistent.then_some(mode),
            custom_network_dir: network_dir.is_some(),
            network_dir: network_dir
                .unwrap_or_else(|| PathBuf::from(crate::persist::networkd::NETWORK_DIR)),
            state_dir: self.state.state_dir.clone(),
            write_units: running || chosen_dir.is_some(),
            reload: running && standard,
            custom_dir: chosen_dir.is_some(),
            systemd_dir,
            binary: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("/usr/bin/macrame")),
        }
    }
}

/// Units name absolute paths, and `down` may run from elsewhere than
/// `up`: a relative folder is made absolute from here.
fn absolute(path: &str) -> Result<PathBuf, String> {
    std::path::absolute(path).map_err(|e| format!("{path}: {e}"))
}
