"""InfoGAN: interpretable latent codes by maximising mutual information (Chen et al. 2016)."""

from dataclasses import replace

import keras
import numpy as np
from keras import ops

from kerasgan.losses import class_cross_entropy
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.latent.infogan_networks import InfoGANDiscriminator
from kerasgan.networks.conv import DCGANGenerator


def mutual_information_loss(categorical, continuous, categorical_logits, continuous_means, weight):
    """InfoGAN's negative lower bound on I(c; G(z, c)), up to constants.

    The categorical part is the cross-entropy of Q's logits against the code
    (the bound for a discrete code, minus its entropy). The continuous part is
    the negative log-likelihood of the codes under unit-variance Gaussians
    centred on Q's means, up to a constant: 0.5 * the squared error, summed over
    the codes and averaged over the batch.

    Reference: Chen et al., "InfoGAN: Interpretable Representation Learning by
    Information Maximizing Generative Adversarial Nets", NeurIPS 2016, eq. (5).

    Args:
        categorical: int codes, shape (batch,).
        continuous: float codes, shape (batch, continuous_codes).
        categorical_logits: Q's logits, shape (batch, categories).
        continuous_means: Q's means, shape (batch, continuous_codes).
        weight: weight of the continuous part (the paper uses a smaller one
            than the categorical part's 1).

    Returns:
        A scalar: cross-entropy + weight * 0.5 * mean over the batch of the
        summed squared errors.

    Example:
        >>> mutual_information_loss(c, u, *q_outputs, weight=0.1)
    """
    loss = class_cross_entropy(categorical, categorical_logits)
    if continuous.shape[-1]:
        squared = ops.sum(ops.square(continuous - continuous_means), axis=-1)
        loss = loss + weight * 0.5 * ops.mean(squared)
    return loss


@keras.saving.register_keras_serializable(package="kerasgan")
class InfoGAN(GAN):
    """InfoGAN: unsupervised latent codes that D's Q head must recover from the image.

    G's input is noise z (`noise_dim` standard normal values), one categorical
    code c (uniform over `categories` values) and `continuous_codes` codes
    uniform in [-1, 1]. D shares its convolutional trunk with Q, which predicts
    the codes from the image. Both D (with Q) and G minimise their usual loss
    plus `info_weight` times the mutual-information loss on a generated batch
    (`mutual_information_loss`: cross-entropy for c, 0.5 * squared error for the
    continuous codes, weighted by `continuous_weight`). Training needs no labels.
    Logs `info_loss` and `q_cat_acc` (how often Q recovers c), from D's phase.

    Layout for sampling tools: the generator is a conditional kerasgan generator
    `(z_full, labels)` whose labels are the categorical code (its `num_classes`
    is `categories`) and whose latent vector `z_full` is the noise followed by
    the continuous codes, which are its LAST `continuous_codes` entries. So
    `kerasgan sample RUN --classes` shows one row per categorical value,
    `--traverse CODE` varies one continuous code, and plain sampling of a run
    folder draws them as training does (`sample_latent`: normal noise, uniform
    codes; a bare `.keras` generator file is sampled from a standard normal,
    which covers [-1, 1] and a bit beyond). The model itself has `num_classes == 0`;
    `generate(z)` without labels cycles through the categories.

    Reference: Chen, Duan, Houthooft, Schulman, Sutskever & Abbeel, "InfoGAN:
    Interpretable Representation Learning by Information Maximizing Generative
    Adversarial Nets", NeurIPS 2016 (arXiv:1606.03657). Defaults follow its
    MNIST setup: 62 noise values, one 10-way code, two continuous codes,
    lambda 1 for the discrete code and 0.1 for the continuous ones.

    Args:
        noise_dim: length of the incompressible noise z.
        image_shape: (height, width, channels); square, even size.
        categories: values of the categorical code (at least 2).
        continuous_codes: number of continuous codes (0 or more).
        g_filters, d_filters: widths of the DCGAN-style networks.
        info_weight: lambda, the weight of the mutual-information loss in both
            D's and G's losses (1 in the paper; 0 gives a plain DCGAN whose G
            ignores the codes).
        continuous_weight: weight of the continuous codes' part inside the
            mutual-information loss (0.1 here: the paper uses a smaller lambda
            for continuous codes).
        loss: adversarial loss name (default "non_saturating").
        seed: seed of the noise and codes drawn during training.
        name: the model's name.
        **kwargs: the common options of `kerasgan.models.GAN` (augment,
            ema_decay, r1_gamma, r1_every); R1 and the gradient penalty act on
            the real/fake logit only.

    Example:
        >>> gan = InfoGAN(image_shape=(28, 28, 1))
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)     # no labels
        >>> digit, style = gan.predict_codes(images[:10])
    """

    labels_are_classes = False

    def __init__(
        self,
        noise_dim=62,
        image_shape=(28, 28, 1),
        categories=10,
        continuous_codes=2,
        g_filters=64,
        d_filters=64,
        info_weight=1.0,
        continuous_weight=0.1,
        loss="non_saturating",
        seed=None,
        name="infogan",
        **kwargs,
    ):
        if int(noise_dim) < 1:
            raise ValueError(f"noise_dim must be at least 1, not {noise_dim}.")
        if int(categories) < 2:
            raise ValueError(f"InfoGAN needs categories >= 2, not {categories}.")
        if int(continuous_codes) < 0:
            raise ValueError(f"continuous_codes must be >= 0, not {continuous_codes}.")
        if float(info_weight) < 0 or float(continuous_weight) < 0:
            raise ValueError("info_weight and continuous_weight must be >= 0.")
        self.noise_dim, self.categories = int(noise_dim), int(categories)
        self.continuous_codes = int(continuous_codes)
        self.g_filters, self.d_filters = int(g_filters), int(d_filters)
        self.info_weight, self.continuous_weight = float(info_weight), float(continuous_weight)
        latent_dim = self.noise_dim + self.continuous_codes
        generator = DCGANGenerator(
            latent_dim,
            image_shape,
            g_filters,
            "transpose",
            num_classes=self.categories,
            label_fusion="concat",
            name="generator",
        )
        discriminator = InfoGANDiscriminator(
            image_shape, self.categories, self.continuous_codes, d_filters, name="discriminator"
        )
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            image_shape=image_shape,
            num_classes=0,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )

    # ----------------------------------------------------------------- structure
    def example_inputs(self, network, batch_size=2):
        """As the base class, but G is built with its categorical code as labels."""
        if network == "generator":
            labels = np.zeros((batch_size,), "int32")
            return (np.zeros((batch_size, self.latent_dim), "float32"), labels)
        return super().example_inputs(network, batch_size)

    def sample_latent(self, n, seed=0):
        """Latent vectors as in training: N(0, I) noise, then codes uniform in [-1, 1].

        Args:
            n: number of vectors.
            seed: seed of `np.random.default_rng`.
        """
        rng = np.random.default_rng(seed)
        noise = rng.standard_normal((n, self.noise_dim))
        codes = rng.uniform(-1.0, 1.0, (n, self.continuous_codes))
        return np.concatenate([noise, codes], axis=1).astype("float32")

    def cycled_codes(self, n):
        """Categorical codes 0, 1, ..., categories - 1, 0, 1, ... for `n` images."""
        return np.arange(n) % self.categories

    def call(self, inputs, labels=None, training=False):
        """Images from `inputs` (noise then continuous codes) and categorical `labels`.

        Without labels the categories are cycled.
        """
        if labels is None:
            labels = ops.mod(ops.arange(ops.shape(inputs)[0]), self.categories)
        return self.sampling_generator(inputs, labels, training=training)

    def phases(self):
        """The base schedule; D's phase also logs the MI loss and Q's code accuracy."""
        extra = {"discriminator": ("info_loss", "q_cat_acc")}
        return [replace(p, logs=tuple(p.logs) + extra.get(p.name, ())) for p in super().phases()]

    # ------------------------------------------------------------------ losses
    def sample_codes(self, ctx, batch):
        """`(z_full, categorical, continuous)` for a generated batch, drawn in that order.

        `z_full` is the noise followed by the continuous codes (uniform in [-1, 1]).
        """
        noise = ctx.normal((batch, self.noise_dim))
        categorical = ctx.randint((batch,), 0, self.categories)
        if self.continuous_codes:
            continuous = ctx.uniform((batch, self.continuous_codes), -1.0, 1.0)
        else:
            continuous = ops.zeros((batch, 0), "float32")
        return ops.concatenate([noise, continuous], axis=-1), categorical, continuous

    def fake_batch(self, ctx, batch):
        """`(images, categorical, continuous)`: a generated batch and the codes behind it."""
        z, categorical, continuous = self.sample_codes(ctx, batch)
        return ctx("generator", z, categorical), categorical, continuous

    def info_terms(self, categorical, continuous, categorical_logits, continuous_means):
        """The MI loss and Q's accuracy at recovering the categorical code."""
        loss = mutual_information_loss(
            categorical, continuous, categorical_logits, continuous_means, self.continuous_weight
        )
        predicted = ops.cast(ops.argmax(categorical_logits, axis=-1), "int32")
        hits = ops.cast(ops.equal(predicted, ops.cast(categorical, "int32")), "float32")
        return loss, ops.mean(hits)

    def source_gradient(self, ctx, points, labels):
        """Differentiable gradient of the sum of D's real/fake logits (not Q's heads)."""
        del labels
        return ctx.input_gradient("discriminator", points, output=0)

    def discriminator_loss(self, ctx, x, y):
        """Adversarial loss + penalties + info_weight * MI loss on a generated batch.

        Labels `y`, when given, are ignored: InfoGAN is unsupervised.
        """
        del y
        fake, categorical, continuous = self.fake_batch(ctx, ops.shape(x)[0])
        fake = ops.stop_gradient(fake)
        real_source = self.critic(ctx, x, None)[0]
        fake_source, categorical_logits, continuous_means = self.critic(ctx, fake, None)
        info, accuracy = self.info_terms(
            categorical, continuous, categorical_logits, continuous_means
        )
        penalty, logs = self.penalty_terms(ctx, x, fake, None)
        loss = self.adversarial_loss.discriminator(real_source, fake_source) + penalty
        loss = loss + self.info_weight * info
        return loss, {
            "d_loss": loss,
            **logs,
            **self.accuracy_logs(real_source, fake_source),
            "info_loss": info,
            "q_cat_acc": accuracy,
        }

    def generator_loss(self, ctx, x, y):
        """Adversarial loss + info_weight * MI loss of Q on a generated batch."""
        del y
        fake, categorical, continuous = self.fake_batch(ctx, ops.shape(x)[0])
        fake_source, categorical_logits, continuous_means = self.critic(ctx, fake, None)
        real_source = None
        if self.adversarial_loss.relativistic:
            real_source = ops.stop_gradient(self.critic(ctx, x, None)[0])
        info, _ = self.info_terms(categorical, continuous, categorical_logits, continuous_means)
        loss = self.adversarial_loss.generator(fake_source, real_source)
        loss = loss + self.info_weight * info
        return loss, {"g_loss": loss}

    # ------------------------------------------------------------- sampling
    def generate(self, z, labels=None, batch_size=256):
        """Images in [-1, 1] (NHWC float32 numpy) from `z` = noise then continuous codes.

        Args:
            z: float array of shape (n, noise_dim + continuous_codes).
            labels: categorical codes of shape (n,); None cycles 0, 1, ...,
                categories - 1, 0, ...
            batch_size: images generated per call.
        """
        if labels is None:
            labels = self.cycled_codes(len(z))
        return super().generate(z, labels, batch_size)

    def predict_codes(self, images, batch_size=256):
        """The codes Q reads from `images`: its categorical prediction and continuous means.

        Args:
            images: float array (n, height, width, channels) in [-1, 1].
            batch_size: images per call of D.

        Returns:
            `(categorical, continuous)`: int32 numpy array (n,), the argmax of Q's
            logits, and float32 numpy array (n, continuous_codes), Q's means.
        """
        images = np.asarray(images, "float32")
        categorical, continuous = [], []
        for start in range(0, len(images), batch_size):
            part = images[start : start + batch_size]
            _, logits, means = self.discriminator(part, training=False)
            categorical.append(np.argmax(ops.convert_to_numpy(logits), axis=-1))
            continuous.append(ops.convert_to_numpy(means))
        if not categorical:
            return np.zeros((0,), "int32"), np.zeros((0, self.continuous_codes), "float32")
        return (
            np.concatenate(categorical).astype("int32"),
            np.concatenate(continuous).astype("float32"),
        )
