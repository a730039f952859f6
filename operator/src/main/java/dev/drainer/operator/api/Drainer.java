package dev.drainer.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A TiDB Binlog drainer replicating one upstream cluster into one MySQL/TiDB downstream. */
@Group(Drainer.GROUP)
@Version(Drainer.VERSION)
@ShortNames("drn")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Checkpoint-TS", jsonPath = ".status.checkpoint.commitTS",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Checkpoint-Time", jsonPath = ".status.checkpoint.commitTime",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Consistent", jsonPath = ".status.checkpoint.consistent",
        type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "PD", jsonPath = ".status.pd.reachable", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Drainer extends CustomResource<DrainerSpec, DrainerStatus> implements Namespaced {
    public static final String GROUP = "binlog.drainer.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected DrainerStatus initStatus() {
        return new DrainerStatus();
    }
}
