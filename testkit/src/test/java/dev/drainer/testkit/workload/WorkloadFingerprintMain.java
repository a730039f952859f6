package dev.drainer.testkit.workload;

/** Prints {@code FINGERPRINT <final content hash> <last commit ts>} of the default workload for a seed (args[0]). */
public final class WorkloadFingerprintMain {
    private WorkloadFingerprintMain() {
    }

    public static void main(String[] args) {
        Workload w = Workload.generate(WorkloadSpec.defaults(Long.parseLong(args[0]), "fp"));
        System.out.println("FINGERPRINT " + w.oracle().hashAt(w.lastCommitTs()) + " " + w.lastCommitTs());
    }
}
