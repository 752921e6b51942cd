//! The commands, one file each, over the library; each owns its
//! arguments (those several share are in `args`).

pub mod args;
pub mod config;
pub mod down;
pub mod exec;
pub mod export;
pub mod fmt;
pub mod graph;
pub mod images;
pub mod import;
pub mod lifecycle;
pub mod lint;
pub mod logs;
pub mod lsp;
pub mod nodes;
pub mod plan;
pub mod ps;
pub mod restore;
pub mod up;

use crate::apply::{Mode, Runtime};
use crate::error::{Error, Object, Operation};
use crate::model::Topology;
use crate::model::names::default_project;
use crate::report::{self, Color, FileReport};
use crate::source::Source;
use args::{ProgressFormat, ProjectArgs};
use std::future::Future;
use std::io::IsTerminal;
use std::process::ExitCode;

pub fn block_on(command: impl Future<Output = ExitCode>) -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => {
            let code = runtime.block_on(command);
            // A task still reading a terminal (exec's stdin) must not
            // keep the command from exiting.
            runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            code
        }
        Err(error) => fail(&Error::io(Object::AsyncRuntime, Operation::Start)(error)),
    }
}

/// Prints to stdout; a closed pipe (`macrame plan | head`) is not an
/// error worth a panic.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// The one place a command's failure is printed and its exit status
/// chosen (`Error::exit_status`).
pub fn fail(error: &Error) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(error.exit_status())
}

/// Reads and lints the file; `Err` carries the exit status (after saying
/// why, through `fail`): 2 for a file that cannot be read, 1 for lint
/// errors. Nothing is applied from
/// such a file.
pub fn load(args: &ProjectArgs) -> Result<Topology, ExitCode> {
    load_checked(args).map(|(_, checked)| checked.topology)
}

/// As `load`, for the commands that work on one host: a file of several
/// hosts is refused (after saying which commands take it), since
/// applying it here would put every node's objects on the local engine.
pub fn load_one_host(args: &ProjectArgs) -> Result<Topology, ExitCode> {
    let topology = load(args)?;
    if topology.spans_hosts() {
        return Err(fail(&Error::Usage(format!(
            "`{}` describes several hosts (`node` or `service` items): this command works on one host; `plan`, `up`, `down` and `ps` take such a file; nothing was done",
            args.file.display()
        ))));
    }
    Ok(topology)
}

/// As `load`, with the source and everything the check made of it.
pub fn load_checked(args: &ProjectArgs) -> Result<(Source, crate::lint::Checked), ExitCode> {
    let source = match Source::read(&args.file) {
        Ok(source) => source,
        Err(cause) => {
            return Err(fail(&Error::Unreadable {
                path: args.file.clone(),
                cause,
            }));
        }
    };
    let checked = crate::lint::check_with(
        &source,
        &default_project(&args.file),
        args.project.as_deref(),
    );
    if checked.has_errors() {
        let color = if std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        {
            Color::Always
        } else {
            Color::Never
        };
        let errors: Vec<_> = checked
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        eprint!(
            "{}",
            report::render_human(
                &[FileReport {
                    source: &source,
                    diagnostics: &errors,
                }],
                color
            )
        );
        return Err(fail(&Error::Invalid(format!(
            "`{}` has lint errors; nothing was applied",
            args.file.display()
        ))));
    }
    Ok((source, checked))
}

/// The project name for commands that need only it (`down`, `ps`): `-p`,
/// else the file's `project`, else the directory's name.
pub fn project_name(args: &ProjectArgs) -> String {
    if let Some(project) = &args.project {
        return project.clone();
    }
    if let Ok(text) = std::fs::read_to_string(&args.file) {
        let (ast, _) = crate::syntax::parse(&text);
        let (topology, _) = crate::model::lower(&ast, &default_project(&args.file));
        return topology.project.name;
    }
    default_project(&args.file)
}

pub async fn connect() -> Result<Runtime, ExitCode> {
    Runtime::connect().await.map_err(|e| fail(&e))
}

pub fn progress_mode(format: ProgressFormat) -> Mode {
    match format {
        ProgressFormat::Auto if std::io::stderr().is_terminal() => Mode::Live,
        ProgressFormat::Auto | ProgressFormat::Plain => Mode::Plain,
        ProgressFormat::Json => Mode::Json,
        ProgressFormat::Quiet => Mode::Quiet,
    }
}

/// Load, lint, connect, observe and plan: what `plan` and `up` share.
/// `Err` carries the exit code, after the reason was printed.
///
/// With `recover` (the project's journal, and where to show the steps),
/// what a run that did not finish left is repaired first.
pub async fn prepare(
    topology: Topology,
    force: bool,
    recover: Option<(&std::path::Path, &crate::apply::Progress)>,
) -> Result<(Runtime, crate::observed::Observed, crate::plan::Plan), ExitCode> {
    let runtime = connect().await?;
    // A probe killed halfway may have left a temporary vlan holding the
    // tag a vlan of the file needs.
    crate::probe::remove_abandoned(&runtime.host)
        .await
        .map_err(|e| fail(&e))?;
    if let Some((journal, progress)) = recover {
        recover_run(&runtime, journal, &topology.project.name, progress).await?;
    }
    let mut observed = runtime
        .observe(&topology.project.name, &images(&topology))
        .await
        .map_err(|e| fail(&e))?;
    observed.missing_paths = missing_bind_sources(&topology);
    let routed: Vec<String> = topology
        .containers
        .iter()
        .filter(|c| c.gateway.is_some())
        .map(|c| c.docker_name.clone())
        .collect();
    runtime
        .observe_routes(&mut observed, &routed)
        .await
        .map_err(|e| fail(&e))?;
    let plan = crate::plan::plan_with(&topology, &observed, force)
        .map_err(|refusals| fail(&Error::Refused(refusals)))?;
    Ok((runtime, observed, plan))
}

/// Repairs what the project's last run left, if it did not finish.
pub async fn recover_run(
    runtime: &Runtime,
    journal: &std::path::Path,
    project: &str,
    progress: &crate::apply::Progress,
) -> Result<(), ExitCode> {
    match runtime.recover(journal, project, progress).await {
        Ok(_) => Ok(()),
        Err(error) => Err(fail(&error)),
    }
}

/// Connect and observe the project's host.
pub async fn observe(
    project: &str,
    images: &[String],
) -> Result<(Runtime, crate::observed::Observed), ExitCode> {
    let runtime = connect().await?;
    let observed = runtime
        .observe(project, images)
        .await
        .map_err(|e| fail(&e))?;
    Ok((runtime, observed))
}

/// The host paths the file bind-mounts that are not there.
pub fn missing_bind_sources(topology: &Topology) -> std::collections::BTreeSet<String> {
    topology
        .containers
        .iter()
        .flat_map(|c| &c.options.mounts)
        .filter_map(|mount| match &mount.source {
            crate::model::MountSource::Bind(path) => {
                Some(crate::plan::options::bind_source(topology, path))
            }
            _ => None,
        })
        .filter(|path| !std::path::Path::new(path).exists())
        .collect()
}

/// The images the file's containers use.
pub fn images(topology: &Topology) -> Vec<String> {
    topology
        .containers
        .iter()
        .filter(|c| c.options.build.is_none())
        .filter_map(|c| c.image.as_ref().map(|i| i.value.clone()))
        .collect()
}
