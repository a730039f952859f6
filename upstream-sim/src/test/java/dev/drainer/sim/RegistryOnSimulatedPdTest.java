package dev.drainer.sim;

/** The registry contract on {@link SimulatedPd}. */
class RegistryOnSimulatedPdTest extends RegistryContract {
    private SimulatedPd pd;

    @Override
    String startUpstream() throws Exception {
        pd = SimulatedPd.start(6_900_000_000_000_000_001L);
        return pd.endpoint();
    }

    @Override
    void stopUpstream() {
        pd.close();
    }
}
