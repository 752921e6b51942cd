//! Waiting for containers: a dependent of `depends-on X healthy` starts
//! once X is healthy, of `completed` once X exited 0; `up --wait` waits
//! for every container to run and, where it has a check, to be healthy.
//! A wait fails at once when the container turns unhealthy or exits, and
//! at the timeout, with the health check's last lines.

use super::progress::Progress;
use crate::docker::{ContainerState, Engine};
use crate::error::{Error, Object, Result};
use crate::model::Condition;
use crate::plan::{Action, Kind};
use std::time::{Duration, Instant};

/// How often the engine is asked: a check's interval is rarely below 1 s.
const POLL: Duration = Duration::from_millis(200);

/// What a wait is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// `depends-on X healthy`, and `up --wait` for one with a check.
    Healthy,
    /// `depends-on X completed`: exited with status 0.
    Completed,
    /// `up --wait` for one without a check.
    Running,
}

impl Goal {
    pub fn of(condition: Condition) -> Option<Goal> {
        match condition {
            Condition::Started => None,
            Condition::Healthy => Some(Goal::Healthy),
            Condition::Completed => Some(Goal::Completed),
        }
    }

    fn words(self) -> &'static str {
        match self {
            Goal::Healthy => "healthy",
            Goal::Completed => "completed",
            Goal::Running => "running",
        }
    }
}

/// The last lines of a health log, for a message.
fn last_checks(state: &ContainerState) -> String {
    let lines: Vec<&String> = state.log.iter().rev().take(3).collect();
    if lines.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = lines
        .into_iter()
        .rev()
        .map(|l| format!("    {l}"))
        .collect();
    format!("; its last health checks:\n{}", shown.join("\n"))
}

/// Whether `state` reached `goal`: `Ok(true)` yes, `Ok(false)` not yet,
/// `Err` never will.
fn reached(goal: Goal, state: &ContainerState) -> std::result::Result<bool, String> {
    match goal {
        Goal::Healthy => match (state.status.as_str(), state.health.as_deref()) {
            (_, Some("healthy")) => Ok(true),
            (_, Some("unhealthy")) => Err(format!("turned unhealthy{}", last_checks(state))),
            ("exited" | "dead", _) => Err(format!(
                "exited with status {} before it was healthy{}",
                state.exit_code,
                last_checks(state)
            )),
            (_, None) if state.status == "running" => {
                Err("has no health check, so it can never be healthy".into())
            }
            _ => Ok(false),
        },
        Goal::Completed => match state.status.as_str() {
            "exited" if state.exit_code == 0 => Ok(true),
            "exited" | "dead" => Err(format!("exited with status {}", state.exit_code)),
            _ => Ok(false),
        },
        Goal::Running => match state.status.as_str() {
            "running" => Ok(true),
            "exited" | "dead" => Err(format!("exited with status {}", state.exit_code)),
            _ => Ok(false),
        },
    }
}

/// Waits for container `name` (Docker name `docker_name`) to reach `goal`.
pub async fn wait_for(
    engine: &Engine,
    progress: &Progress,
    name: &str,
    docker_name: &str,
    goal: Goal,
    timeout: Duration,
) -> Result<()> {
    let what = format!("waiting until {}", goal.words());
    let step = progress.begin(Action::Create, Kind::Container, name, Some(&what));
    let object = Object::container(name);
    let started = Instant::now();
    let result = loop {
        let state = match engine.state(name, docker_name).await {
            Ok(state) => state,
            Err(error) => break Err(error),
        };
        match reached(goal, &state) {
            Ok(true) => break Ok(()),
            Err(problem) => {
                break Err(Error::State {
                    object: object.clone(),
                    problem,
                });
            }
            Ok(false) if started.elapsed() >= timeout => {
                break Err(Error::State {
                    object: object.clone(),
                    problem: format!(
                        "was not {} within {} s (--wait-timeout){}",
                        goal.words(),
                        timeout.as_secs(),
                        last_checks(&state)
                    ),
                });
            }
            Ok(false) => tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                interrupted = super::interrupt::interrupted() => break Err(interrupted),
            },
        }
    };
    match &result {
        Ok(()) => step.done(),
        Err(error) => step.failed(error),
    }
    result
}

/// Waits until every container `spec` depends on with a condition
/// (`healthy`, `completed`) has reached it: before `up` creates it, and
/// before `start` starts it again.
pub async fn wait_for_dependencies(
    engine: &Engine,
    progress: &Progress,
    specs: &crate::plan::Specs,
    spec: &crate::plan::spec::ContainerSpec,
    timeout: Duration,
) -> Result<()> {
    for (dependency, condition) in &spec.conditions {
        let Some(goal) = Goal::of(*condition) else {
            continue;
        };
        let Some(target) = specs.containers.iter().find(|c| &c.name == dependency) else {
            continue;
        };
        wait_for(
            engine,
            progress,
            &target.name,
            &target.docker_name,
            goal,
            timeout,
        )
        .await?;
    }
    Ok(())
}

/// `up --wait`: every container of the plan's scope running, and healthy
/// where it has a check (its own or its image's), all waited for at once.
pub async fn wait_all(
    engine: &Engine,
    progress: &Progress,
    plan: &crate::plan::Plan,
    timeout: Duration,
) -> Result<()> {
    let in_scope = plan.specs.containers.iter().filter(|spec| {
        plan.only
            .as_ref()
            .is_none_or(|only| only.contains(&spec.name))
    });
    let waits = in_scope.map(|spec| async move {
        let state = engine.state(&spec.name, &spec.docker_name).await?;
        let goal = if crate::plan::waited_to_complete(&plan.specs, &spec.name) {
            Goal::Completed
        } else if state.health.is_some() {
            Goal::Healthy
        } else {
            Goal::Running
        };
        wait_for(
            engine,
            progress,
            &spec.name,
            &spec.docker_name,
            goal,
            timeout,
        )
        .await
    });
    let failures: Vec<Error> = futures::future::join_all(waits)
        .await
        .into_iter()
        .filter_map(std::result::Result::err)
        .collect();
    match failures.len() {
        0 => Ok(()),
        1 => Err(failures.into_iter().next().expect("one")),
        _ => Err(Error::Several(failures)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: &str, health: Option<&str>, exit_code: i64) -> ContainerState {
        ContainerState {
            status: status.into(),
            exit_code,
            health: health.map(str::to_string),
            log: vec!["exit 1: no answer".into()],
        }
    }

    #[test]
    fn health_goals() {
        assert_eq!(
            reached(Goal::Healthy, &state("running", Some("starting"), 0)),
            Ok(false)
        );
        assert_eq!(
            reached(Goal::Healthy, &state("running", Some("healthy"), 0)),
            Ok(true)
        );
        let unhealthy = reached(Goal::Healthy, &state("running", Some("unhealthy"), 0));
        assert!(unhealthy.unwrap_err().contains("exit 1: no answer"));
        assert!(reached(Goal::Healthy, &state("exited", Some("starting"), 3)).is_err());
        assert!(reached(Goal::Healthy, &state("running", None, 0)).is_err());
        assert_eq!(
            reached(Goal::Completed, &state("running", None, 0)),
            Ok(false)
        );
        assert_eq!(
            reached(Goal::Completed, &state("exited", None, 0)),
            Ok(true)
        );
        assert!(reached(Goal::Completed, &state("exited", None, 2)).is_err());
        assert_eq!(reached(Goal::Running, &state("running", None, 0)), Ok(true));
    }
}
