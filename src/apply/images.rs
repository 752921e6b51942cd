//! Images before containers: each container's image built (when its
//! context changed) or pulled (as its `pull` policy says), one step per
//! image with its progress, before anything is created from it.

use super::Runtime;
use super::progress::Progress;
use crate::error::{Error, Object, Result};
use crate::model::PullPolicy;
use crate::plan::spec::ContainerSpec;
use crate::plan::{Action, Kind};

/// What `macrame pull` and `macrame build` ask beyond `up`'s policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Force {
    /// `up`: build a changed context, pull as the `pull` policy says.
    Policy,
    /// `macrame pull`: pull every image that is not built.
    Pull,
    /// `macrame build`: build every image that is built, changed or not.
    Build,
}

impl Runtime {
    /// Makes `spec`'s image ready; `Ok(false)` when nothing was to do.
    pub async fn acquire(
        &self,
        spec: &ContainerSpec,
        force: Force,
        progress: &Progress,
    ) -> Result<bool> {
        let engine = &self.engine;
        if let Some(build) = &spec.options.build {
            let fresh = engine.built_from(&spec.image).await.as_deref()
                == Some(build.context_hash.as_str());
            if force == Force::Pull || (fresh && force == Force::Policy) {
                return Ok(false);
            }
            let step = progress.begin(
                Action::Create,
                Kind::Container,
                &spec.name,
                Some("building image for"),
            );
            let report = |line: &str| step.note(line);
            let result = engine
                .build_image(&spec.name, &spec.image, build, &report)
                .await;
            finish(step, &result);
            return result.map(|()| true);
        }
        if force == Force::Build {
            return Ok(false);
        }
        let pull = match (force, spec.pull) {
            (Force::Pull, _) | (_, PullPolicy::Always) => true,
            (_, PullPolicy::Missing) => !engine.has_image(&spec.image).await,
            (_, PullPolicy::Never) => {
                if engine.has_image(&spec.image).await {
                    false
                } else {
                    return Err(Error::Image {
                        object: Object::container(&spec.name),
                        problem: format!(
                            "image `{}` is not on this host, and `pull never` forbids pulling it",
                            spec.image
                        ),
                    });
                }
            }
        };
        if !pull {
            return Ok(false);
        }
        let what = format!("pulling {} for", spec.image);
        let step = progress.begin(Action::Create, Kind::Container, &spec.name, Some(&what));
        let report = |done: u64, total: u64| step.bytes(done, total);
        let result = engine.pull_image(&spec.name, &spec.image, &report).await;
        finish(step, &result);
        result.map(|()| true)
    }
}

fn finish(step: super::progress::Step<'_>, result: &Result<()>) {
    match result {
        Ok(()) => step.done(),
        Err(error) => step.failed(error),
    }
}
