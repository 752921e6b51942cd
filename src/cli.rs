//! The command line: argument definitions and dispatch. The commands
//! themselves live in `commands/`, over the library.

use crate::commands;
use crate::model::names;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ABOUT: &str = "Docker macvlan topologies from one small file.

macrame reads a topology file (*.mcr) describing host NICs, 802.1q vlans, \
macvlan networks, host shims and containers with fixed addresses, finds the \
macvlan traps in it before anything touches the host, then makes the host \
match it exactly, and takes it down cleanly.";

const AFTER_HELP: &str = "Examples:
  macrame lint                      check ./macrame.mcr
  macrame lint --format json lab.mcr
  macrame plan -f lab.mcr           what `up` would change, and why
  macrame up -f lab.mcr             make the host match the file
  macrame ps -f lab.mcr             the project's objects
  macrame down -f lab.mcr           remove everything the project owns
  macrame import -o macrame.mcr     ./docker-compose.yml as a topology file, linted

The language: docs/language.md. Diagnostic codes: `macrame lint --help`.";

#[derive(Debug, Parser)]
#[command(name = "macrame", version, about = ABOUT, long_about = ABOUT, after_help = AFTER_HELP, max_term_width = HELP_WIDTH)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check topology files and report every problem at once.
    #[command(
        long_about = "Check topology files and report every problem at once: syntax, \
unresolved names, bad addresses, overlapping subnets, address conflicts, \
gateway, parent and vlan traps.\n\nExit status: 0 when there is no error (warnings \
allowed unless --deny-warnings), 1 when there is one, 2 when the command itself \
could not run (unreadable file, bad flag).",
        after_help = codes_help()
    )]
    Lint(LintArgs),

    /// Show what `up` would change on this host, and why (a dry run).
    #[command(
        long_about = "Observe the host (Docker networks and containers, links, \
addresses, routes, the engine's version), compare it with the file, and print the \
ordered changes: `+ create`, `~ recreate`, `- remove`, each with its cause. Refuses, \
with every reason, a file with lint errors or a host where applying would fail or \
harm something macrame does not own.\n\nExit status: 0, or with --exit-code 0 when \
there is nothing to do and 2 when there are changes; 1 on error."
    )]
    Plan(PlanArgs),

    /// Make the host match the file: create, recreate and remove.
    #[command(
        long_about = "Apply the plan: vlans, then networks, then shims, then \
containers in depends-on order, independent steps in parallel. On failure, undo what \
this run did and report the cause; after success, observe again and verify. A second \
`up` of an unchanged file changes nothing.",
        after_help = "Examples:
  macrame up                    the whole file
  macrame up web                web and what it depends on, nothing else
  macrame up --wait             then wait until every container is running and healthy"
    )]
    Up(UpArgs),

    /// Remove everything the project owns: containers, shims, networks, vlans.
    Down(DownArgs),

    /// List the project's objects: kind, name, state, addresses, parent.
    Ps(PsArgs),

    /// Rewrite files in the one canonical layout (comments kept).
    Fmt(FmtArgs),

    /// Draw the topology: NICs, vlans, networks, containers, shims.
    Graph(GraphArgs),

    /// Print the file with every variable resolved, or the model as JSON.
    Config(commands::config::ConfigArgs),

    /// Write the topology a Compose file means (`docker-compose.yml` in,
    /// `macrame.mcr` out), and lint it.
    Import(commands::import::ImportArgs),

    /// Write the topology as a Compose file that brings up the same
    /// networks, volumes and containers.
    Export(commands::export::ExportArgs),

    /// Apply a project's snapshot again: what its units run at boot.
    #[command(
        long_about = "Make the vlans and shims `up` last left, from the snapshot it keeps \
under the state folder (not from the file, which may have moved or changed since): \
what `macrame-PROJECT.service` runs at boot, before Docker starts. With --containers, \
the step after Docker has started (`macrame-PROJECT-containers.service`): start the \
containers the engine leaves stopped, set the default routes macrame owns, and verify \
every container's addresses. On a host without systemd, have the boot run both."
    )]
    Restore(RestoreArgs),

    /// Print the containers' output, prefixed with their names.
    Logs(commands::logs::LogsArgs),

    /// Run a command in one of the file's running containers.
    Exec(commands::exec::ExecArgs),

    /// Pull the file's images (all, or those of the containers named).
    #[command(after_help = "Examples:
  macrame pull              every image the file pulls, whatever its `pull` policy
  macrame pull dns          dns's image only")]
    Pull(commands::lifecycle::ContainersArgs),

    /// Build the images of the containers that have a `build`.
    #[command(after_help = "Examples:
  macrame build             every container's `build`, changed or not
  macrame build web         web's image only")]
    Build(commands::lifecycle::ContainersArgs),

    /// Start the file's containers that exist (all, or those named).
    #[command(after_help = "Examples:
  macrame start             every container of the file that exists
  macrame start dns web     those two, each after what it depends on")]
    Start(commands::lifecycle::ContainersArgs),

    /// Stop the file's containers (all, or those named), dependents first.
    #[command(after_help = "Examples:
  macrame stop              every container, dependents first
  macrame stop -t 0 dns     dns, killed at once")]
    Stop(commands::lifecycle::StopArgs),

    /// Restart the file's containers (all, or those named).
    #[command(after_help = "Examples:
  macrame restart           every container, in depends-on order
  macrame restart dns       dns alone (its default route is set again)")]
    Restart(commands::lifecycle::StopArgs),

    /// Run the language server (LSP over stdio), for editors.
    Lsp {
        /// Accepted and ignored: stdio is the only transport. Some clients
        /// pass it.
        #[arg(long)]
        stdio: bool,
    },

    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff).
    Man,
}

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Topology files to format.
    #[arg(value_name = "FILE", default_value = "macrame.mcr")]
    pub files: Vec<PathBuf>,

    /// Change nothing: print a diff and exit 1 when a file is not formatted.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz.
    Dot,
    /// Mermaid, for Markdown.
    Mermaid,
    /// SVG, through Graphviz's `dot`.
    Svg,
}

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Topology files to check.
    #[arg(value_name = "FILE", default_value = "macrame.mcr")]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,

    /// Treat warnings as errors: exit 1 when there is any diagnostic.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Source snippets with the problem underlined.
    Human,
    /// One JSON object (docs/language.md).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

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

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub persist: PersistArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Exit 2 when there are changes, 0 when there are none (1 on error).
    #[arg(long)]
    pub exit_code: bool,

    /// Apply even what would cut the host off its LAN (passthru on the
    /// interface of its default route, a shim taking its address, a
    /// removal taking its addresses): each is echoed as a warning.
    #[arg(long)]
    pub force: bool,

    /// Ask the LAN too, from a temporary macvlan on each parent: an ARP
    /// probe for every fixed IPv4 address (one something else answers is
    /// an error) and a DHCP discover (a server whose pool may overlap a
    /// network's range is a warning).
    #[arg(long)]
    pub probe: bool,
}

#[derive(Debug, clap::Args)]
pub struct UpArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub persist: PersistArgs,

    /// Only these containers of the file, and what they depend on
    /// [default: all].
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,

    /// Apply even what would cut the host off its LAN (passthru on the
    /// interface of its default route, a shim taking its address, a
    /// removal taking its addresses): each is echoed as a warning.
    #[arg(long)]
    pub force: bool,

    /// At most this many independent steps at once (64, as Compose's
    /// COMPOSE_PARALLEL_LIMIT: the engine, not the client, is the limit).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub parallel: usize,

    /// On failure, leave what this run did for inspection instead of undoing it.
    #[arg(long)]
    pub keep_on_failure: bool,

    /// Seconds a container gets to stop (after SIGTERM) before it is killed.
    #[arg(short = 't', long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u32,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,

    /// Then wait until every container runs and, where it has a health
    /// check, is healthy.
    #[arg(long)]
    pub wait: bool,

    /// Seconds a container may take to become healthy (for `--wait` and
    /// `depends-on X healthy`) or to complete (`depends-on X completed`).
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub wait_timeout: u64,

    /// Fail at once when another `up` or `down` of the project runs,
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
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

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The project, as `up` named it.
    #[arg(value_name = "PROJECT", value_parser = project_arg)]
    pub project: String,

    /// The step after Docker has started: start the containers the engine
    /// leaves stopped, set the default routes, verify.
    #[arg(long)]
    pub containers: bool,

    /// Seconds to wait for the engine to restart its containers.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    #[command(flatten)]
    pub state: StateArgs,
}

#[derive(Debug, clap::Args)]
pub struct DownArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub state: StateArgs,

    /// Show what would be removed, and remove nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Remove the containers' volumes too (kept by default, as in Compose).
    #[arg(short = 'v', long)]
    pub volumes: bool,

    /// Remove even a vlan or shim that holds the host's own addresses (its
    /// way out may go with it): echoed as a warning.
    #[arg(long)]
    pub force: bool,

    /// At most this many removals at once (stops wait out their timeout
    /// side by side, as in Compose).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub parallel: usize,

    /// Seconds a container gets to stop (after SIGTERM) before it is killed.
    #[arg(short = 't', long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u32,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,

    /// Fail at once when another `up` or `down` of the project runs,
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, clap::Args)]
pub struct PsArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub state: StateArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// A project name must make valid Docker names and link marks.
pub(crate) fn project_arg(name: &str) -> Result<String, String> {
    if names::is_docker_name(name) {
        Ok(name.to_string())
    } else {
        Err("a project name starts with a letter or digit and holds only letters, digits, `_`, `.` and `-`".to_string())
    }
}

/// Help is never wider than this (clap wraps at the terminal's width,
/// up to it).
const HELP_WIDTH: usize = 100;

/// The table of codes, each summary wrapped under its own column: wrapped
/// here, to the width clap will use, so that clap finds nothing to wrap
/// (it would start continuation lines at the left margin).
fn codes_help() -> String {
    let width = terminal_columns()
        .unwrap_or(HELP_WIDTH)
        .clamp(60, HELP_WIDTH);
    let indent = 2 + 26 + 1 + 7 + 2;
    let mut help = String::from("Diagnostic codes:\n");
    for code in crate::diagnostic::Code::ALL {
        let mut line = format!("  {:<26} {:<7}  ", code.as_str(), code.severity().as_str());
        let mut column = indent;
        for word in code.summary().split(' ') {
            if column > indent && column + 1 + word.len() > width {
                help.push_str(line.trim_end());
                help.push('\n');
                line = " ".repeat(indent);
                column = indent;
            }
            if column > indent {
                line.push(' ');
                column += 1;
            }
            line.push_str(word);
            column += word.chars().count();
        }
        help.push_str(&line);
        help.push('\n');
    }
    help
}

/// The terminal's width, when stdout is one (clap reads the same).
fn terminal_columns() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(columns);
    }
    crate::terminal::size().map(|(_, columns)| usize::from(columns))
}

/// The project name a file gets when it has no `project` line: its
/// directory's name, as Docker Compose does.
pub fn default_project(path: &Path) -> String {
    let dir = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or_else(|| std::env::current_dir().ok());
    let name = dir
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    names::project_from_dir(&name)
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => commands::lint::run(args),
        Command::Plan(args) => commands::block_on(commands::plan::run(args)),
        Command::Up(args) => commands::block_on(commands::up::run(args)),
        Command::Down(args) => commands::block_on(commands::down::run(args)),
        Command::Ps(args) => commands::block_on(commands::ps::run(args)),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Graph(args) => commands::graph::run(args),
        Command::Config(args) => commands::config::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Restore(args) => commands::block_on(commands::restore::run(args)),
        Command::Logs(args) => commands::block_on(commands::logs::run(args)),
        Command::Exec(args) => commands::block_on(commands::exec::run(args)),
        Command::Pull(args) => commands::block_on(commands::images::pull(args)),
        Command::Build(args) => commands::block_on(commands::images::build(args)),
        Command::Start(args) => commands::block_on(commands::lifecycle::start(args)),
        Command::Stop(args) => commands::block_on(commands::lifecycle::stop(args)),
        Command::Restart(args) => commands::block_on(commands::lifecycle::restart(args)),
        Command::Lsp { .. } => commands::lsp::run(),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "macrame",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            match page.render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
