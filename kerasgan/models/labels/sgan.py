"""Semi-supervised GAN (Odena 2016; Salimans et al. 2016): D is a K-class classifier."""

from dataclasses import replace

import keras
import numpy as np
from keras import ops

from kerasgan.data.batches import to_unit_range
from kerasgan.errors import ConfigError
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.labels.sgan_networks import SGANDiscriminator
from kerasgan.networks.conv import DCGANGenerator

GENERATOR_LOSSES = ("feature_matching", "non_saturating")


# ---------------------------------------------------------------------- losses
def source_logit(class_logits):
    """logsumexp of the K class logits: the real/fake logit when the fake logit is 0.

    With l_{K+1} = 0, D(x) = Z / (Z + 1) with Z = sum_k exp(l_k), which is
    sigmoid(logsumexp(l)) (Salimans et al. 2016, section 5).
    """
    return ops.logsumexp(class_logits, axis=-1)


def real_probability(class_logits):
    """D(x) = Z / (Z + 1), Z = sum_k exp(l_k): the probability that x is real."""
    return ops.sigmoid(source_logit(class_logits))


def supervised_loss(labels, class_logits):
    """Mean cross-entropy of the K class logits against int `labels` (labelled real images)."""
    return ops.mean(ops.sparse_categorical_crossentropy(labels, class_logits, from_logits=True))


def unsupervised_real_loss(class_logits):
    """-E log D(x) on real images: mean softplus(-logsumexp(l))."""
    return ops.mean(ops.softplus(-source_logit(class_logits)))


def unsupervised_fake_loss(class_logits):
    """-E log(1 - D(G(z))) on generated images: mean softplus(logsumexp(l))."""
    return ops.mean(ops.softplus(source_logit(class_logits)))


def feature_matching_loss(real_features, fake_features):
    """Mean squared difference of the batch means of D's features on real and fake images.

    Reference: Salimans et al., "Improved Techniques for Training GANs", NeurIPS
    2016, section 3.1.
    """
    difference = ops.mean(real_features, axis=0) - ops.mean(fake_features, axis=0)
    return ops.mean(ops.square(difference))


def balanced_indices(labels, n, num_classes, seed=0):
    """Indices of `n` images, as many of each class as possible, drawn by a seeded rule.

    Each class gets `n // num_classes` images, and the first `n % num_classes`
    classes one more; within a class they are drawn without replacement by
    `np.random.default_rng(seed)`, class 0 first.

    Args:
        labels: int labels of the whole dataset, in [0, num_classes).
        n: number of indices, at least `num_classes`.
        num_classes: number of classes K.
        seed: seed of the draw.

    Returns:
        Sorted int64 indices into `labels`.

    Raises:
        ValueError: `n` is below `num_classes` or a class has too few images.
    """
    labels = np.asarray(labels).reshape(-1)
    if n < num_classes:
        raise ValueError(f"labeled={n} is fewer than the {num_classes} classes: use at least one.")
    rng = np.random.default_rng(seed)
    chosen = []
    for c in range(num_classes):
        quota = n // num_classes + (1 if c < n % num_classes else 0)
        members = np.flatnonzero(labels == c)
        if not len(members):
            raise ValueError(
                f"class {c} has no image, but SGAN picks labelled images of each of the "
                f"{num_classes} classes: relabel the data 0 to K-1 without gaps."
            )
        if len(members) < quota:
            raise ValueError(
                f"labeled={n} needs {quota} images of class {c}, but the data has "
                f"{len(members)}: use a smaller labeled count."
            )
        chosen.append(rng.choice(members, size=quota, replace=False))
    return np.sort(np.concatenate(chosen)).astype(np.int64)


def model_images(images):
    """Images as float32 in [-1, 1]: uint8 ones are scaled, others are taken as they are."""
    images = np.asarray(images)
    return to_unit_range(images) if images.dtype == np.uint8 else images.astype("float32")


# ----------------------------------------------------------------------- model
@keras.saving.register_keras_serializable(package="kerasgan")
class SGAN(GAN):
    """SGAN: semi-supervised GAN, D classifies into K classes and tells real from fake.

    D outputs K class logits l_1..l_K; the (K+1)-th, "fake", logit is fixed to 0,
    so D(x) = Z / (Z + 1) with Z = sum_k exp(l_k) (Salimans et al.'s
    parametrisation). D minimises the cross-entropy of its class logits on
    labelled real images plus the unsupervised loss
    0.5 * (softplus(-logsumexp(l(x))) + softplus(logsumexp(l(G(z))))) on the
    unlabelled real batch x and a generated batch. G minimises feature matching
    (the squared distance between the mean of D's last hidden layer on x and on
    G(z)), or -log D(G(z)) with `generator_loss="non_saturating"`. G is
    unconditional, so the model's `num_classes` (the engine's conditioning
    classes) is 0 and sampling works as for DCGAN; D's classes are `classes`.

    The labelled set: with `labeled=N`, the model holds N labelled images as
    non-trainable variables, set by `set_labeled(images, labels)` before `fit`
    (`kerasgan.training.train` picks them class-balanced from the data, seeded by
    the run's seed, and records them in `labeled.json`); each D step draws a
    labelled minibatch the size of the real batch from them, with replacement
    (Salimans et al. oversample the labelled set the same way). Labels passed to
    `fit` are then ignored. With `labeled=0` every image is labelled: the
    supervised term uses the batch and its labels, so `fit` needs labels. Logs
    `d_class_loss` and `d_class_acc` (on the labelled minibatch) and
    `d_unsup_loss`.

    References:
        Odena, "Semi-Supervised Learning with Generative Adversarial Networks",
        arXiv:1606.01583, 2016.
        Salimans, Goodfellow, Zaremba, Cheung, Radford & Chen, "Improved
        Techniques for Training GANs", NeurIPS 2016 (arXiv:1606.03498),
        section 5.

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        num_classes: number of classes K of D's classifier (at least 2).
        labeled: number of labelled images (at least `num_classes`), or 0 to use
            the labels of every batch.
        g_filters, d_filters: widths of the DCGAN-style generator and of D.
        generator_loss: "feature_matching" (Salimans et al.) or
            "non_saturating" (-log D(G(z))).
        seed: seed of the noise and of the labelled draws during training.
        name: the model's name.
        **kwargs: the common options of `kerasgan.models.GAN` (augment,
            ema_decay, r1_gamma, r1_every); R1 and the gradient penalty act on
            the real/fake logit logsumexp(l).

    Example:
        >>> gan = SGAN(num_classes=10, labeled=100)
        >>> gan.set_labeled(images[index], labels[index])   # 100 labelled images
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)        # all images, no labels
        >>> gan.classifier_accuracy(test_images, test_labels)
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        num_classes=10,
        labeled=100,
        g_filters=64,
        d_filters=64,
        generator_loss="feature_matching",
        seed=None,
        name="sgan",
        **kwargs,
    ):
        if int(num_classes) < 2:
            raise ValueError(f"SGAN needs num_classes >= 2, not {num_classes}.")
        if int(labeled) != 0 and int(labeled) < int(num_classes):
            raise ValueError(
                f"labeled={labeled} is fewer than the {num_classes} classes: use at least one "
                "labelled image per class (or 0 for all labels)."
            )
        if generator_loss not in GENERATOR_LOSSES:
            raise ValueError(
                f"generator_loss must be one of {GENERATOR_LOSSES}, not {generator_loss!r}."
            )
        self.classes, self.labeled = int(num_classes), int(labeled)
        self.g_filters, self.d_filters = int(g_filters), int(d_filters)
        self.generator_objective = generator_loss
        self._labeled_ready = False
        super().__init__(
            DCGANGenerator(latent_dim, image_shape, g_filters, "transpose", name="generator"),
            SGANDiscriminator(image_shape, num_classes, d_filters, seed=seed, name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            num_classes=0,  # G is unconditional
            loss="non_saturating",  # only for d_acc_real/d_acc_fake; the losses are SGAN's
            seed=seed,
            name=name,
            **kwargs,
        )
        self.labeled_images = self.labeled_labels = None
        if self.labeled:
            shape = (self.labeled, *self.image_shape)
            self.labeled_images = self.add_weight(
                shape=shape, initializer="zeros", trainable=False, name="labeled_images"
            )
            self.labeled_labels = self.add_weight(
                shape=(self.labeled,),
                initializer="zeros",
                dtype="int32",
                trainable=False,
                name="labeled_labels",
            )

    @property
    def uses_batch_labels(self):
        """Whether `fit` needs labels: only with `labeled=0`."""
        return self.labeled == 0

    def prepare_training(self, data, seed):
        """Picks the labelled images class-balanced and sets them (`set_labeled`).

        `labeled=N` images are chosen by `balanced_indices`, seeded by the run's seed
        (so a resumed run gets the same ones); `labeled=0` uses every label.

        Args:
            data: the `ImageDataset` trained on (after `--limit`).
            seed: the run's seed.

        Returns:
            `{"labeled.json": record}`: the count, the seed, the count per class and the
            chosen indices into the training data ("all" for `labeled=0`).

        Raises:
            ConfigError: the data has no labels, or too few images (per class).
        """
        data.require_labels(self.name)
        count = self.labeled
        if count > len(data):
            raise ConfigError(
                f"labeled={count} is more than the {len(data)} images of {data.name}: "
                f"use at most {len(data)} (or 0 for all labels)."
            )
        index = np.arange(len(data))
        if count:
            try:
                index = balanced_indices(data.labels, count, data.num_classes, seed)
            except ValueError as err:
                raise ConfigError(str(err)) from None
            self.set_labeled(data.images[index], data.labels[index])
        record = {
            "labeled": count,
            "seed": seed,
            "per_class": np.bincount(data.labels[index], minlength=data.num_classes).tolist(),
            "class_names": data.class_names,
            "indices": index.tolist() if count else "all",
        }
        return {"labeled.json": record}

    # ------------------------------------------------------------ labelled set
    def set_labeled(self, images, labels):
        """Sets the labelled images the supervised term draws from (before `fit`).

        Args:
            images: `labeled` images (uint8, or float in [-1, 1]) of `image_shape`.
            labels: their int labels, in [0, num_classes).
        """
        if not self.labeled:
            raise ValueError("SGAN with labeled=0 uses the labels of every batch: no set_labeled.")
        images = model_images(images)
        labels = np.asarray(labels).reshape(-1)
        if images.shape != (self.labeled, *self.image_shape) or len(labels) != self.labeled:
            raise ValueError(
                f"set_labeled needs {self.labeled} images of shape {self.image_shape} and "
                f"{self.labeled} labels, not images {images.shape} and {len(labels)} labels."
            )
        if labels.min() < 0 or labels.max() >= self.classes:
            raise ValueError(
                f"labels must be in [0, {self.classes}), not {labels.min()} to {labels.max()}."
            )
        self.labeled_images.assign(images)
        self.labeled_labels.assign(labels.astype("int32"))
        self._labeled_ready = True

    def _check_labeled_ready(self):
        if self.labeled and not self._labeled_ready:
            raise ValueError(
                f"SGAN(labeled={self.labeled}) needs its labelled images: call "
                "set_labeled(images, labels) before fit()."
            )

    def fit(self, *args, **kwargs):
        """`keras.Model.fit`, after checking that the labelled set was given."""
        self._check_labeled_ready()  # before tracing: a failed JAX trace leaves the model unusable
        return super().fit(*args, **kwargs)

    def labeled_batch(self, ctx, x, y):
        """`(images, labels)`: a labelled minibatch the size of `x`.

        Drawn with replacement from the labelled set, or `(x, y)` with `labeled=0`.
        """
        if not self.labeled:
            if y is None:
                raise ValueError("SGAN with labeled=0 needs labels in fit().")
            return x, ops.cast(ops.reshape(y, (-1,)), "int32")
        self._check_labeled_ready()
        index = ctx.randint((ops.shape(x)[0],), 0, self.labeled)
        images = ops.take(ctx.value(self.labeled_images), index, axis=0)
        return images, ops.take(ctx.value(self.labeled_labels), index, axis=0)

    # ------------------------------------------------------------------ losses
    def phases(self):
        """The base schedule; D's phase also logs its class loss, accuracy and GAN loss."""
        extra = {"discriminator": ("d_class_loss", "d_class_acc", "d_unsup_loss")}
        return [replace(p, logs=tuple(p.logs) + extra.get(p.name, ())) for p in super().phases()]

    def source_gradient(self, ctx, points, labels):
        """Differentiable gradient of the summed real/fake logit logsumexp(l) at `points`."""
        del labels
        return ctx.input_gradient("discriminator", points, output=lambda out: source_logit(out[0]))

    def discriminator_loss(self, ctx, x, y):
        """Supervised CE + 0.5 * (real + fake unsupervised terms), plus penalties."""
        batch = ops.shape(x)[0]
        labeled_x, labeled_y = self.labeled_batch(ctx, x, y)
        fake = ops.stop_gradient(ctx("generator", ctx.normal((batch, self.latent_dim))))
        real_logits, _ = self.critic(ctx, x, None)
        fake_logits, _ = self.critic(ctx, fake, None)
        class_logits = self.critic(ctx, labeled_x, None)[0] if self.labeled else real_logits
        class_loss = supervised_loss(labeled_y, class_logits)
        unsup = 0.5 * (unsupervised_real_loss(real_logits) + unsupervised_fake_loss(fake_logits))
        penalty, logs = self.penalty_terms(ctx, x, fake, None)
        loss = class_loss + unsup + penalty
        predicted = ops.cast(ops.argmax(class_logits, axis=-1), "int32")
        return loss, {
            "d_loss": loss,
            **logs,
            **self.accuracy_logs(source_logit(real_logits), source_logit(fake_logits)),
            "d_class_loss": class_loss,
            "d_class_acc": ops.mean(ops.cast(ops.equal(predicted, labeled_y), "float32")),
            "d_unsup_loss": unsup,
        }

    def generator_loss(self, ctx, x, y):
        """Feature matching against the real batch x, or -log D(G(z))."""
        del y
        fake = ctx("generator", ctx.normal((ops.shape(x)[0], self.latent_dim)))
        fake_logits, fake_features = self.critic(ctx, fake, None)
        if self.generator_objective == "feature_matching":
            real_features = ops.stop_gradient(self.critic(ctx, x, None)[1])
            loss = feature_matching_loss(real_features, fake_features)
        else:
            loss = unsupervised_real_loss(fake_logits)
        return loss, {"g_loss": loss}

    # -------------------------------------------------------------- classifier
    def class_logits(self, images, batch_size=256):
        """D's class logits (float32 numpy, (n, num_classes)) in inference mode."""
        images = model_images(images)
        out = [
            ops.convert_to_numpy(self.discriminator(images[i : i + batch_size], training=False)[0])
            for i in range(0, len(images), batch_size)
        ]
        return np.concatenate(out, axis=0).astype("float32")

    def classify(self, images, batch_size=256):
        """Predicted classes (int64 numpy, (n,)) of images (uint8, or float in [-1, 1])."""
        return np.argmax(self.class_logits(images, batch_size), axis=-1).astype(np.int64)

    def classifier_accuracy(self, images, labels, batch_size=256):
        """Fraction of `images` whose predicted class is their label."""
        predicted = self.classify(images, batch_size)
        return float(np.mean(predicted == np.asarray(labels).reshape(-1)))


# -------------------------------------------------------------------- baseline
def supervised_baseline(
    images,
    labels,
    num_classes,
    steps,
    batch_size=64,
    d_filters=64,
    learning_rate=2e-4,
    seed=0,
):
    """SGAN's D trained as a plain classifier (cross-entropy only) on labelled images.

    The baseline of the semi-supervised measurement: same network and optimizer as
    SGAN's D, same labelled images, oversampled into `steps` minibatches like
    SGAN's labelled draws, but no unlabelled or generated images.

    Args:
        images: the labelled images (uint8, or float in [-1, 1]), NHWC.
        labels: their int labels, in [0, num_classes).
        num_classes: number of classes K.
        steps: training steps (minibatches drawn with replacement).
        batch_size: images per minibatch.
        d_filters: width of the network.
        learning_rate: Adam's learning rate (beta_1 0.5, as SGAN's D).
        seed: seed of the minibatch draws.

    Returns:
        A compiled `keras.Model` from images to class logits.

    Example:
        >>> classifier = supervised_baseline(x[index], y[index], 10, steps=1000)
        >>> accuracy = np.mean(classifier.predict(test_x).argmax(-1) == test_y)
    """
    images, labels = model_images(images), np.asarray(labels).reshape(-1).astype("int32")
    network = SGANDiscriminator(
        images.shape[1:], num_classes, d_filters, seed=seed, name="discriminator"
    )
    inputs = keras.Input(images.shape[1:])
    classifier = keras.Model(inputs, network(inputs)[0], name="supervised_baseline")
    classifier.compile(
        keras.optimizers.Adam(learning_rate, beta_1=0.5),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )

    def minibatches():
        rng = np.random.default_rng(seed)
        while True:
            index = rng.integers(0, len(images), batch_size)
            yield images[index], labels[index]

    classifier.fit(minibatches(), steps_per_epoch=int(steps), epochs=1, shuffle=False, verbose=0)
    return classifier
