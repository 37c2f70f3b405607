"""A phase of a training step: one optimizer update of some networks."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    """One update inside the training step.

    A variant's schedule is a list of phases: the engine runs them in order on each
    batch, each one differentiating its loss with respect to the trainable variables
    of `networks` and applying that optimizer.

    Args:
        name: the phase's name, also the key of its optimizer (for instance
            "discriminator" or "generator").
        networks: names of the networks whose trainable variables this phase updates.
        loss: `fn(ctx, x, y) -> (loss, logs)` where `ctx` is a
            `kerasgan.engine.StepContext`, `x` the real batch and `y` its labels (or
            None); `logs` is a dict of scalars named in `logs`.
        logs: names of the scalars the loss reports (shown in the progress bar).
        every: run this phase on one batch out of `every`, the last of each group
            of `every` (the generator phase of WGAN runs every `n_critic` batches).
        optimizer: the key of the optimizer this phase applies; phases that update the
            same variables (a lazy regulariser beside the main loss) share one.
            Defaults to `name`.
    """

    name: str
    networks: tuple
    loss: Callable
    logs: tuple = ()
    every: int = 1
    optimizer: str = None

    @property
    def regularizer(self):
        """Whether this is a lazy regulariser: a phase applying another phase's optimizer."""
        return self.optimizer is not None and self.optimizer != self.name

    @property
    def optimizer_key(self):
        """The key of this phase's optimizer in `GAN.phase_optimizers`."""
        return self.optimizer or self.name
