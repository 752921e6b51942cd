//! Images: pulled with their progress, or built from a context on the
//! host and labelled with the context's hash (what tells a stale build).

use super::{Engine, split_reference};
use crate::error::{Error, Object, Operation, Part, Result};
use crate::plan::options::BuildSpec;
use futures::StreamExt;
use std::collections::HashMap;

/// The label a built image carries: the hash of the context it came from.
pub const CONTEXT_HASH: &str = "io.macrame.context-hash";

/// What a build reports as it goes: a line for people.
pub type Report<'a> = &'a (dyn Fn(&str) + Sync);

/// What a pull reports as it goes: bytes so far, of all.
pub type Bytes<'a> = &'a (dyn Fn(u64, u64) + Sync);

impl Engine {
    pub async fn has_image(&self, image: &str) -> bool {
        self.docker.inspect_image(image).await.is_ok()
    }

    /// Pulls `image` (for container `name`), reporting the bytes so far
    /// over all layers.
    pub async fn pull_image(&self, name: &str, image: &str, report: Bytes<'_>) -> Result<()> {
        let (reference, tag) = split_reference(image);
        let options = bollard::query_parameters::CreateImageOptionsBuilder::new()
            .from_image(reference)
            .tag(tag)
            .build();
        let object = Object::of_container(name, Part::Image(image.to_string()));
        let mut layers: HashMap<String, (i64, i64)> = HashMap::new();
        let mut stream = self.docker.create_image(Some(options), None, None);
        while let Some(item) = stream.next().await {
            let info = item.map_err(Error::docker(&object, Operation::Pull))?;
            if let (Some(id), Some(detail)) = (&info.id, &info.progress_detail)
                && let (Some(current), Some(total)) = (detail.current, detail.total)
            {
                layers.insert(id.clone(), (current, total));
                let (done, all) = layers
                    .values()
                    .fold((0, 0), |(d, a), (c, t)| (d + c, a + t));
                report(done.max(0) as u64, all.max(0) as u64);
            }
        }
        Ok(())
    }

    /// The context hash a built image was labelled with.
    pub async fn built_from(&self, image: &str) -> Option<String> {
        let inspect = self.docker.inspect_image(image).await.ok()?;
        inspect.config?.labels?.get(CONTEXT_HASH).cloned()
    }

    /// Builds `build` as `image`, reporting each line of the build's
    /// output.
    pub async fn build_image(
        &self,
        name: &str,
        image: &str,
        build: &BuildSpec,
        report: Report<'_>,
    ) -> Result<()> {
        let object = Object::of_container(name, Part::Build(build.context.clone()));
        let context =
            pack(&build.context).map_err(Error::io(&object, Operation::ReadBuildContext))?;
        let labels = HashMap::from([(CONTEXT_HASH.to_string(), build.context_hash.clone())]);
        let mut options = bollard::query_parameters::BuildImageOptionsBuilder::new()
            .t(image)
            .rm(true)
            // A failed step's container too: the classic builder keeps
            // it otherwise, and nothing of the project would own it.
            .forcerm(true)
            .labels(&labels)
            .buildargs(&build.args.clone().into_iter().collect::<HashMap<_, _>>());
        if let Some(dockerfile) = &build.dockerfile {
            options = options.dockerfile(dockerfile);
        }
        if let Some(target) = &build.target {
            options = options.target(target);
        }
        let body = bollard::body_full(context.into());
        let mut stream = self.docker.build_image(options.build(), None, Some(body));
        while let Some(item) = stream.next().await {
            let info = item.map_err(Error::docker(&object, Operation::Build))?;
            if let Some(detail) = info.error_detail.and_then(|d| d.message) {
                return Err(Error::Image {
                    object,
                    problem: format!("the build failed: {}", detail.trim()),
                });
            }
            if let Some(line) = info.stream {
                for line in line.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    report(line);
                }
            }
        }
        if !self.has_image(image).await {
            return Err(Error::Image {
                object,
                problem: format!("the build ended without an image `{image}`"),
            });
        }
        Ok(())
    }
}

/// The context directory as the tar the engine reads.
fn pack(dir: &str) -> std::io::Result<Vec<u8>> {
    let mut archive = tar::Builder::new(Vec::new());
    archive.follow_symlinks(false);
    archive.append_dir_all(".", dir)?;
    archive.into_inner()
}
