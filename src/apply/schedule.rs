//! The order of a run's steps, and how many run at once. Pure: the
//! runtime only asks it what comes next.

use crate::error::Result;
use crate::plan::spec::ContainerSpec;
use crate::plan::{Change, Desired, Plan};
use futures::StreamExt;
use std::collections::HashMap;

/// Links in waves: a vlan on another of the plan's vlans waits for it.
pub(super) fn parents_first(mut batch: Vec<&Change>) -> Vec<Vec<&Change>> {
    let parent = |change: &Change| match &change.desired {
        Some(Desired::Vlan(spec)) => Some(spec.parent.clone()),
        _ => None,
    };
    let mut waves = Vec::new();
    while !batch.is_empty() {
        let names: Vec<String> = batch.iter().map(|c| c.name.clone()).collect();
        let (ready, waiting): (Vec<&Change>, Vec<&Change>) = batch
            .into_iter()
            .partition(|c| parent(c).is_none_or(|p| !names.contains(&p)));
        if ready.is_empty() {
            // A cycle the linter would have refused; do not spin.
            waves.push(waiting);
            break;
        }
        waves.push(ready);
        batch = waiting;
    }
    waves
}

/// The containers to create, in waves: each after everything it depends
/// on that this plan also creates.
pub(super) fn container_levels(plan: &Plan) -> Vec<Vec<(&Change, &ContainerSpec)>> {
    let creating = plan.changes.iter().filter_map(|c| match &c.desired {
        Some(Desired::Container(spec)) => Some((c, spec)),
        _ => None,
    });
    levels(creating)
}

/// Waves of containers, given in start order (so one pass assigns
/// levels): each one level past the deepest of those it depends on.
fn levels<'p>(
    creating: impl Iterator<Item = (&'p Change, &'p ContainerSpec)>,
) -> Vec<Vec<(&'p Change, &'p ContainerSpec)>> {
    let mut level_of: HashMap<&str, usize> = HashMap::new();
    let mut levels: Vec<Vec<(&Change, &ContainerSpec)>> = Vec::new();
    for (change, spec) in creating {
        let level = spec
            .depends_on
            .iter()
            .filter_map(|d| level_of.get(d.as_str()))
            .map(|l| l + 1)
            .max()
            .unwrap_or(0);
        level_of.insert(&spec.name, level);
        if levels.len() <= level {
            levels.resize_with(level + 1, Vec::new);
        }
        levels[level].push((change, spec));
    }
    levels
}

/// Runs `step` over `items`, `parallel` at a time; all of them run to
/// the end (a half-done step is worse than a finished one), then the
/// first failure is returned. Once the run is interrupted, no further
/// step starts.
pub(super) async fn each<T, F, Fut>(items: Vec<T>, parallel: usize, step: F) -> Result<()>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let results: Vec<Result<()>> = futures::stream::iter(items)
        .map(|item| {
            let started = super::interrupt::check().map(|()| step(item));
            async move {
                match started {
                    Ok(step) => step.await,
                    Err(error) => Err(error),
                }
            }
        })
        .buffer_unordered(parallel.max(1))
        .collect()
        .await;
    results.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::spec::VlanSpec;
    use crate::plan::{Action, Kind};

    fn vlan(name: &str, parent: &str) -> Change {
        Change {
            action: Action::Create,
            kind: Kind::Vlan,
            name: name.to_string(),
            cause: String::new(),
            desired: Some(Desired::Vlan(VlanSpec {
                name: name.to_string(),
                parent: parent.to_string(),
                id: 10,
                mtu: None,
                mark: String::new(),
            })),
            existing: None,
        }
    }

    fn names(waves: &[Vec<&Change>]) -> Vec<Vec<String>> {
        waves
            .iter()
            .map(|wave| wave.iter().map(|c| c.name.clone()).collect())
            .collect()
    }

    #[test]
    fn a_vlan_waits_for_the_vlan_it_sits_on() {
        let changes = [
            vlan("eth1.10.20", "eth1.10"),
            vlan("eth1.10", "eth1"),
            vlan("eth2.5", "eth2"),
        ];
        let waves = parents_first(changes.iter().collect());
        assert_eq!(
            names(&waves),
            [vec!["eth1.10", "eth2.5"], vec!["eth1.10.20"]]
        );
    }

    #[test]
    fn a_cycle_ends_in_one_last_wave() {
        let changes = [vlan("a", "b"), vlan("b", "a")];
        let waves = parents_first(changes.iter().collect());
        assert_eq!(names(&waves), [vec!["a", "b"]]);
    }

    fn container(name: &str, depends_on: &[&str]) -> (Change, ContainerSpec) {
        let spec = ContainerSpec {
            name: name.to_string(),
            depends_on: depends_on.iter().map(|d| d.to_string()).collect(),
            ..ContainerSpec::default()
        };
        let change = Change {
            action: Action::Create,
            kind: Kind::Container,
            name: name.to_string(),
            cause: String::new(),
            desired: None,
            existing: None,
        };
        (change, spec)
    }

    #[test]
    fn a_container_starts_a_level_after_what_it_depends_on() {
        let containers = [
            container("db", &[]),
            container("cache", &[]),
            container("app", &["db", "cache"]),
            container("proxy", &["app"]),
            container("metrics", &["db"]),
        ];
        let levels = levels(containers.iter().map(|(c, s)| (c, s)));
        let names: Vec<Vec<&str>> = levels
            .iter()
            .map(|level| level.iter().map(|(c, _)| c.name.as_str()).collect())
            .collect();
        assert_eq!(
            names,
            [vec!["db", "cache"], vec!["app", "metrics"], vec!["proxy"]]
        );
    }

    #[tokio::test]
    async fn every_step_runs_to_the_end_and_the_first_failure_is_returned() {
        let ran = std::sync::Mutex::new(Vec::new());
        let result = each(vec![1, 2, 3, 4], 2, |n| {
            let ran = &ran;
            async move {
                ran.lock().unwrap().push(n);
                if n % 2 == 0 {
                    Err(crate::error::Error::State {
                        object: crate::error::Object::container(format!("step {n}")),
                        problem: "failed".into(),
                    })
                } else {
                    Ok(())
                }
            }
        })
        .await;
        let mut ran = ran.into_inner().unwrap();
        ran.sort();
        assert_eq!(ran, [1, 2, 3, 4]);
        assert!(result.is_err());
    }
}
