package dev.drainer.e2e;

import dev.drainer.e2e.LocalJob.UnsupportedJobException;
import dev.drainer.testkit.process.ChildJvm;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Kubelet and Job controller for the mock API server: every new Job of one namespace is parsed ({@link LocalJob},
 * which refuses what it does not understand), run as a child JVM of {@code drainer} (the drainer-runtime's
 * {@code Main} on this class path, which holds no Quarkus), and reported the way Kubernetes reports it and the
 * operator reads it: a pod owned by the Job whose container ends terminated with the exit code,
 * then the Job's {@code succeeded}/{@code failed} count and its Complete/Failed condition.
 */
final class JobRunner implements AutoCloseable {
    /** What {@code drainer} means in the drainer image. */
    static final String MAIN = "dev.drainer.runtime.cli.Main";
    /** SIGKILL, as the kubelet reports a container killed at the Job's deadline. */
    private static final int KILLED = 137;

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Path> claims;
    private final Path workDir;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "e2e-job-runner");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private SharedIndexInformer<Job> informer;

    /** One Job run: its parsed form, the child's exit code and output. */
    record Run(LocalJob job, int exitCode, boolean deadlineExceeded, Instant startedAt, Instant finishedAt,
               List<String> output) {
    }

    /** @param claims claim name → the local directory that stands for its volume */
    JobRunner(KubernetesClient client, String namespace, Map<String, Path> claims, Path workDir) {
        this.client = client;
        this.namespace = namespace;
        this.claims = Map.copyOf(claims);
        this.workDir = workDir;
    }

    JobRunner start() {
        informer = client.batch().v1().jobs().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                submit(job);
            }

            @Override
            public void onUpdate(Job old, Job job) {
                submit(job);
            }

            @Override
            public void onDelete(Job job, boolean unknownFinalState) {
                // A deleted Job's child is not stopped: the operator deletes only on state: stopped, not tested here.
            }
        }, 0);
        return this;
    }

    /** The Jobs run so far. */
    List<Run> runs() {
        return List.copyOf(runs);
    }

    /** Jobs the runner refused or could not run, each with the reason; the test fails on any. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void submit(Job job) {
        boolean fresh = job.getStatus() == null || job.getStatus().getStartTime() == null;
        if (fresh && started.add(job.getMetadata().getUid())) {
            executor.execute(() -> runOne(job));
        }
    }

    private void runOne(Job job) {
        String name = job.getMetadata().getName();
        try {
            Path dir = Files.createDirectories(workDir.resolve(name));
            LocalJob local = LocalJob.parse(job, client, claims, dir);
            runs.add(execute(local, dir));
        } catch (UnsupportedJobException e) {
            failures.add(e.getMessage());
            finishJob(name, false, "UnsupportedByLocalRunner", e.getMessage());
        } catch (Exception e) {
            if (!closed) {
                failures.add("Job " + namespace + "/" + name + " could not be run: " + e);
            }
        }
    }

    private Run execute(LocalJob job, Path dir) throws Exception {
        Instant start = Instant.now();
        client.batch().v1().jobs().inNamespace(namespace).withName(job.name()).editStatus(j -> new JobBuilder(j)
                .editOrNewStatus().withStartTime(start.toString()).withActive(1).endStatus().build());
        String pod = createPod(job);
        ChildJvm.Builder b = ChildJvm.builder(MAIN).args(job.args()).jvmArgs("-Xmx256m")
                .outputFile(dir.resolve("pod.log"));
        job.env().forEach(b::env);
        int exit;
        boolean deadline = false;
        List<String> output;
        try (ChildJvm child = b.start()) {
            long limit = job.activeDeadlineSeconds().orElse(Long.MAX_VALUE / 2);
            if (child.process().waitFor(limit, TimeUnit.SECONDS)) {
                exit = child.awaitExit(Duration.ofSeconds(30));
            } else {
                child.kill9();
                exit = KILLED;
                deadline = true;
            }
            output = child.output();
        }
        Instant end = Instant.now();
        finishPod(pod, job.containerName(), exit, start, end);
        finishJob(job.name(), exit == 0, deadline ? "DeadlineExceeded" : "BackoffLimitExceeded",
                deadline ? "Job was active longer than specified deadline" : "Job has reached the specified backoff limit");
        return new Run(job, exit, deadline, start, end, output);
    }

    /** The Job's pod, as the Job controller names and labels it, already running (the kubelet started it). */
    private String createPod(LocalJob job) {
        Map<String, String> labels = new LinkedHashMap<>(job.podLabels());
        labels.put("job-name", job.name());
        labels.put("batch.kubernetes.io/job-name", job.name());
        Job owner = client.batch().v1().jobs().inNamespace(namespace).withName(job.name()).get();
        Pod pod = new PodBuilder().withNewMetadata().withName(job.name() + "-" + Long.toString(System.nanoTime() % 46656, 36))
                .withNamespace(namespace).withLabels(labels).withAnnotations(job.podAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(job.name()).withUid(job.uid()).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata().withSpec(owner.getSpec().getTemplate().getSpec()).build();
        String name = client.resource(pod).create().getMetadata().getName();
        client.pods().inNamespace(namespace).withName(name).editStatus(p -> new PodBuilder(p).withStatus(
                new PodStatusBuilder().withPhase("Running").withContainerStatuses(new ContainerStatusBuilder()
                        .withName(job.containerName()).withReady(true).withState(new ContainerStateBuilder()
                                .withNewRunning().withStartedAt(Instant.now().toString()).endRunning().build())
                        .build()).build()).build());
        return name;
    }

    private void finishPod(String pod, String container, int exit, Instant start, Instant end) {
        client.pods().inNamespace(namespace).withName(pod).editStatus(p -> new PodBuilder(p).withStatus(
                new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed").withContainerStatuses(
                        new ContainerStatusBuilder().withName(container).withReady(false).withState(
                                new ContainerStateBuilder().withNewTerminated().withExitCode(exit)
                                        .withReason(exit == 0 ? "Completed" : "Error").withStartedAt(start.toString())
                                        .withFinishedAt(end.toString()).endTerminated().build()).build()).build())
                .build());
    }

    private void finishJob(String name, boolean succeeded, String failReason, String failMessage) {
        String now = Instant.now().toString();
        client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> {
            JobBuilder b = new JobBuilder(j);
            if (succeeded) {
                return b.editOrNewStatus().withActive(0).withSucceeded(1).withCompletionTime(now)
                        .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True")
                                .withLastTransitionTime(now).build()).endStatus().build();
            }
            return b.editOrNewStatus().withActive(0).withFailed(1).withConditions(new JobConditionBuilder()
                    .withType("Failed").withStatus("True").withReason(failReason).withMessage(failMessage)
                    .withLastTransitionTime(now).build()).endStatus().build();
        });
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (informer != null) {
            informer.close();
        }
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
