"""`Adversarial`: what every model with a discriminator shares, noise-to-image or not."""

from keras import ops

from kerasgan.losses import get_loss


class Adversarial:
    """Mixin of the adversarial recipes (`GAN`, `TranslationGAN`): the loss pair by
    name, the gradient-penalty weight, `n_critic` and D's accuracy logs."""

    def set_adversarial(self, loss, gradient_penalty=0.0, n_critic=1):
        """Sets the adversarial options, checked.

        Args:
            loss: name of an adversarial loss in `kerasgan.losses` (or an
                `AdversarialLoss`).
            gradient_penalty: weight of the WGAN-GP penalty on D (0 disables it).
            n_critic: discriminator updates per generator update.
        """
        if int(n_critic) < 1:
            raise ValueError("r1_every and n_critic must be at least 1.")
        if float(gradient_penalty) < 0:
            raise ValueError("penalty weights (gradient_penalty, r1_gamma) must be >= 0.")
        self.loss_name = loss if isinstance(loss, str) else "custom"
        self.adversarial_loss = get_loss(loss)
        self.gradient_penalty_weight = float(gradient_penalty)
        self.n_critic = int(n_critic)

    def accuracy_logs(self, real_logits, fake_logits):
        """D's accuracy on the real and the generated batch, for probabilistic losses."""
        if not self.adversarial_loss.probabilistic:
            return {}
        return {
            "d_acc_real": ops.mean(ops.cast(real_logits > 0, "float32")),
            "d_acc_fake": ops.mean(ops.cast(fake_logits < 0, "float32")),
        }
