//! `macrame start`, `stop` and `restart`: the file's containers that
//! exist, all or those named, in `depends-on` order (stop in reverse), as
//! `docker compose start|stop|restart`. Nothing is created or removed:
//! that is `up`'s and `down`'s.

use super::args::{ProgressFormat, ProjectArgs};
use super::{connect, fail, progress_mode};
use crate::apply::{Progress, Runtime};
use crate::error::{Error, Object};
use crate::observed::DockerContainer;
use crate::plan::spec::ContainerSpec;
use crate::plan::{self, Action, Kind, Specs};
use std::process::ExitCode;

/// For the commands over some of the file's containers: `start`, `pull`,
/// `build` (their examples are on the commands).
#[derive(Debug, clap::Args)]
pub struct ContainersArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Containers of the file [default: all].
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,
}

/// For `stop` and `restart` (their examples are on the commands).
#[derive(Debug, clap::Args)]
pub struct StopArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Containers of the file [default: all].
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,

    /// Seconds a container gets to stop (after its stop signal) before it
    /// is killed [default: its `stop-grace`, else 10].
    #[arg(short = 't', long, value_name = "SECONDS")]
    pub timeout: Option<u32>,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Start,
    Stop,
    Restart,
}

impl Verb {
    fn doing(self) -> &'static str {
        match self {
            Verb::Start => "starting",
            Verb::Stop => "stopping",
            Verb::Restart => "restarting",
        }
    }
}

pub async fn start(args: ContainersArgs) -> ExitCode {
    run(
        Verb::Start,
        &args.project,
        &args.containers,
        None,
        args.progress,
    )
    .await
}

pub async fn stop(args: StopArgs) -> ExitCode {
    run(
        Verb::Stop,
        &args.project,
        &args.containers,
        args.timeout,
        args.progress,
    )
    .await
}

pub async fn restart(args: StopArgs) -> ExitCode {
    run(
        Verb::Restart,
        &args.project,
        &args.containers,
        args.timeout,
        args.progress,
    )
    .await
}

/// Every name in `names` is a container of the file; else what it has.
pub fn check_names(specs: &Specs, names: &[String]) -> Result<(), String> {
    for name in names {
        if !specs.containers.iter().any(|c| &c.name == name) {
            let known: Vec<&str> = specs.containers.iter().map(|c| c.name.as_str()).collect();
            return Err(format!(
                "the file has no container `{name}`{}; its containers: {}",
                crate::suggest::did_you_mean(name, known.iter().copied()),
                known.join(", ")
            ));
        }
    }
    Ok(())
}

/// The file's containers named in `names` (all when empty), in start
/// order (the names checked by `load_specs`).
pub fn select<'s>(specs: &'s Specs, names: &[String]) -> Vec<&'s ContainerSpec> {
    plan::start_order(&specs.containers)
        .into_iter()
        .filter(|c| names.is_empty() || names.contains(&c.name))
        .collect()
}

/// What the container commands start from: the file, linted, as specs,
/// with `names` checked against it. `Err` is the exit status, after the
/// reason was printed (1: lint errors, 2: a file that cannot be read, or
/// a name it does not have).
pub fn load_specs(project: &ProjectArgs, names: &[String]) -> Result<Specs, ExitCode> {
    let topology = super::load_one_host(project)?;
    let specs = Specs::new(&topology);
    check_names(&specs, names).map_err(|message| super::fail(&Error::Usage(message)))?;
    Ok(specs)
}

/// The engine, and every container it has.
pub async fn connect_listing() -> Result<(Runtime, Vec<DockerContainer>), ExitCode> {
    let runtime = connect().await?;
    let existing = runtime.engine.containers().await.map_err(|e| fail(&e))?;
    Ok((runtime, existing))
}

async fn run(
    verb: Verb,
    project: &ProjectArgs,
    names: &[String],
    timeout: Option<u32>,
    progress: ProgressFormat,
) -> ExitCode {
    let specs = match load_specs(project, names) {
        Ok(specs) => specs,
        Err(code) => return code,
    };
    let mut chosen = select(&specs, names);
    if verb == Verb::Stop {
        chosen.reverse();
    }
    let (runtime, existing) = match connect_listing().await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let progress = Progress::new(progress_mode(progress));
    for spec in chosen {
        let container = match find(&existing, &specs.project, spec) {
            Ok(container) => container,
            // Of all the file's containers, those `up` has made; one
            // named on the command line must exist.
            Err(_) if names.is_empty() => continue,
            Err(error) => return fail(&error),
        };
        // A one-shot that others wait to complete has done its work.
        if verb != Verb::Stop
            && container.exited_ok
            && crate::plan::waited_to_complete(&specs, &spec.name)
        {
            continue;
        }
        if verb != Verb::Stop {
            let waited = crate::apply::wait::wait_for_dependencies(
                &runtime.engine,
                &progress,
                &specs,
                spec,
                std::time::Duration::from_secs(300),
            )
            .await;
            if let Err(error) = waited {
                return fail(&error);
            }
        }
        let step = progress.begin(
            Action::Create,
            Kind::Container,
            &spec.name,
            Some(verb.doing()),
        );
        match act(&runtime, verb, spec, container, timeout).await {
            Ok(()) => step.done(),
            Err(error) => {
                step.failed(&error);
                return fail(&error);
            }
        }
    }
    ExitCode::SUCCESS
}

/// The project's container for `spec`, or an error saying `up` makes it.
pub fn find<'e>(
    existing: &'e [DockerContainer],
    project: &str,
    spec: &ContainerSpec,
) -> Result<&'e DockerContainer, Error> {
    existing
        .iter()
        .find(|c| c.name == spec.docker_name && c.project() == Some(project))
        .ok_or_else(|| Error::State {
            object: Object::container(&spec.name),
            problem: format!(
                "there is no container `{}` of this project: `macrame up` creates it",
                spec.docker_name
            ),
        })
}

async fn act(
    runtime: &Runtime,
    verb: Verb,
    spec: &ContainerSpec,
    container: &DockerContainer,
    timeout: Option<u32>,
) -> crate::error::Result<()> {
    let engine = &runtime.engine;
    let grace = timeout
        .or(spec.options.stop_timeout.map(|t| t as u32))
        .unwrap_or(10);
    if matches!(verb, Verb::Stop | Verb::Restart) && container.running {
        engine.stop(&spec.name, &container.id, grace).await?;
    }
    if matches!(verb, Verb::Start | Verb::Restart) && (verb == Verb::Restart || !container.running)
    {
        engine.start_by_id(&spec.name, &container.id).await?;
        runtime.route_after_start(spec, &container.id).await?;
    }
    Ok(())
}
