import { expect, test } from "vitest";
import type { DockerClient, ImageInfo } from "../docker/docker-client.js";
import { ensureLabImage, removeSupersededImages } from "./lab-image.js";

/** Just the two calls the clean-up makes, over an in-memory image list. */
function fakeDocker(lab: ImageInfo[], stages: ImageInfo[]) {
  const removed: string[] = [];
  const docker = {
    listImages: async (labels: Record<string, string>) => (labels["socklab.image"] === "lab" ? lab : stages),
    removeImage: async (ref: string) => void removed.push(ref),
  } as unknown as DockerClient;
  return { docker, removed };
}

test("old lab tags go by tag, the newest build stage stays as the next build's cache", async () => {
  const { docker, removed } = fakeDocker(
    [
      { id: "sha256:a", tags: ["socklab/lab:new", "socklab/lab:same-content"], created: 3 },
      { id: "sha256:b", tags: ["socklab/lab:old"], created: 1 },
      { id: "sha256:c", tags: ["someone/else:1"], created: 1 },
    ],
    [
      { id: "sha256:s1", tags: [], created: 1 },
      { id: "sha256:s3", tags: [], created: 3 },
      { id: "sha256:s2", tags: [], created: 2 },
    ],
  );
  await removeSupersededImages(docker, "socklab/lab:new", () => {});
  expect(removed).toEqual(["socklab/lab:same-content", "socklab/lab:old", "sha256:s2", "sha256:s1"]);
});

test("latest stays, whichever of this checkout's images it names", async () => {
  const { docker, removed } = fakeDocker(
    [
      { id: "sha256:a", tags: ["socklab/lab:new"], created: 3 },
      { id: "sha256:b", tags: ["socklab/lab:old", "socklab/lab:latest"], created: 1 },
    ],
    [],
  );
  await removeSupersededImages(docker, "socklab/lab:new", () => {});
  expect(removed).toEqual(["socklab/lab:old"]);
});

test("setup names the current image latest, also where it was already built", async () => {
  const tagged: Array<[string, string]> = [];
  const docker = {
    imageExists: async () => true,
    tagImage: async (ref: string, tag: string) => void tagged.push([ref, tag]),
  } as unknown as DockerClient;
  const report = await ensureLabImage(docker, "socklab/base:bookworm", () => {}, { tagLatest: true });
  expect(report.action).toBe("present");
  expect(tagged).toEqual([[report.tag, "socklab/lab:latest"]]);
  await ensureLabImage(docker, "socklab/base:bookworm", () => {}); // startLab's way: latest stays
  expect(tagged).toHaveLength(1);
});

test("an old image of ours that latest named until setup moved it (no tag left) goes too", async () => {
  const { docker, removed } = fakeDocker(
    [
      { id: "sha256:a", tags: ["socklab/lab:new", "socklab/lab:latest"], created: 3 },
      { id: "sha256:b", tags: [], created: 1 },
    ],
    [],
  );
  await removeSupersededImages(docker, "socklab/lab:new", () => {});
  expect(removed).toEqual(["sha256:b"]);
});

test("another image kind (nginx) prunes its own old tags by its label and has no build stage to keep", async () => {
  const asked: Array<Record<string, string>> = [];
  const removed: string[] = [];
  const docker = {
    listImages: async (labels: Record<string, string>) => {
      asked.push(labels);
      return [{ id: "sha256:n", tags: ["socklab/nginx:new", "socklab/nginx:old", "socklab/lab:x"], created: 1 }];
    },
    removeImage: async (ref: string) => void removed.push(ref),
  } as unknown as DockerClient;
  await removeSupersededImages(docker, "socklab/nginx:new", () => {}, { repo: "socklab/nginx", kind: "nginx" });
  expect(removed).toEqual(["socklab/nginx:old"]);
  expect(asked).toHaveLength(1);
  expect(asked[0]?.["socklab.image"]).toBe("nginx");
});
