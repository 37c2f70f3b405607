"""Style-based generators: StyleGAN's (AdaIN) and StyleGAN2's (weight demodulation).

Both map z through a mapping network to w, broadcast w to one style per layer
("ws", shape `(batch, num_ws, w_dim)`) and draw the image from a learned constant
with per-pixel noise. In training they track the average w (for the truncation
trick) and mix two latents' styles at a random layer (style mixing regularization),
drawing the second latent and the crossover with their own seed generator, as the
authors' generators do.

A call takes `mode`: "full" (z to image, the default), "mapping" (z to ws, after
mixing) or "synthesis" (w or ws to image); `truncation` and `truncation_cutoff`
apply the truncation trick in W toward the tracked average.
"""

import keras
from keras import layers, ops

from kerasgan.layers.equalized import EqualizedConv2D, EqualizedDense, PixelNorm
from kerasgan.layers.resampling import Blur2D, Upsample2D
from kerasgan.layers.style import AdaIN, BiasActivation, ModulatedConv2D, NoiseInjection
from kerasgan.networks.base import GeneratorNetwork
from kerasgan.networks.progressive import growth_stages, upscale

MODES = ("full", "mapping", "synthesis")
"""What a style generator's call computes."""


class StyleNetwork(GeneratorNetwork):
    """The mapping network, the average w, style mixing and truncation of both generators.

    Subclasses build `synthesis_layers()` and define `synthesis(ws, training)`.

    Args:
        latent_dim: length of z.
        image_shape: (size, size, channels), size a power of two >= 4.
        w_dim: length of w (the latent length in the papers).
        mapping_layers: fully connected layers of the mapping network (8).
        mapping_lr: their learning-rate multiplier (0.01).
        mixing_probability: the chance that a training sample mixes two latents (0.9).
        w_avg_beta: decay of the tracked average w (0.995).
        channel_base, channel_max: a resolution r has `min(channel_base // r,
            channel_max)` channels.
        seed: seed of the mixing draws and the noise.
    """

    def __init__(
        self,
        latent_dim=128,
        image_shape=(32, 32, 1),
        w_dim=None,
        mapping_layers=8,
        mapping_lr=0.01,
        mixing_probability=0.9,
        w_avg_beta=0.995,
        channel_base=2048,
        channel_max=128,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.w_dim = int(w_dim or latent_dim)
        self.mapping_layers, self.mapping_lr = int(mapping_layers), float(mapping_lr)
        if not 0.0 <= float(mixing_probability) <= 1.0:
            raise ValueError(f"mixing_probability must be in [0, 1], not {mixing_probability}.")
        self.mixing_probability, self.w_avg_beta = float(mixing_probability), float(w_avg_beta)
        self.channel_base, self.channel_max = int(channel_base), int(channel_max)
        self.seed = seed
        self.num_classes = 0
        self.stages = growth_stages(self.image_shape, 4)
        self.mapping_net = [PixelNorm()] + [
            EqualizedDense(self.w_dim, lr_multiplier=self.mapping_lr, activation="leaky_relu")
            for _ in range(self.mapping_layers)
        ]
        self.w_avg = self.add_weight(
            shape=(self.w_dim,), initializer="zeros", trainable=False, name="w_avg"
        )
        self.mixing_seed = keras.random.SeedGenerator(seed)

    def channels(self, stage):
        """Channels of the layers of stage `stage` (resolution `4 * 2**stage`)."""
        return max(1, min(self.channel_base // (4 * 2**stage), self.channel_max))

    @property
    def num_ws(self):
        """How many styles the synthesis network takes: two per resolution."""
        return 2 * self.stages

    def mapping(self, z, training=False, track=False):
        """w of shape (batch, w_dim) for z; `track` moves the average w toward the batch's."""
        w = z
        for layer in self.mapping_net:
            w = layer(w)
        if track:  # in the variable's dtype (float32 under a mixed precision policy)
            batch_mean = ops.cast(ops.mean(ops.stop_gradient(w), axis=0), self.w_avg.dtype)
            average = ops.cast(self.w_avg, self.w_avg.dtype)
            self.w_avg.assign(batch_mean + (average - batch_mean) * self.w_avg_beta)
        return w

    def broadcast(self, w):
        """(batch, w_dim) to (batch, num_ws, w_dim); ws are returned as they are."""
        if len(w.shape) == 3:
            return w
        return ops.repeat(ops.expand_dims(w, 1), self.num_ws, axis=1)

    def mix(self, ws, batch):
        """Style mixing: with `mixing_probability`, layers from a random one on take a
        second latent's w."""
        if not self.mixing_probability:
            return ws
        z2 = keras.random.normal((batch, self.latent_dim), seed=self.mixing_seed)
        w2 = self.broadcast(self.mapping(z2))
        cross = keras.random.randint((batch, 1), 1, self.num_ws, seed=self.mixing_seed)
        mixes = keras.random.uniform((batch, 1), seed=self.mixing_seed) < self.mixing_probability
        cross = ops.where(mixes, cross, self.num_ws)
        first = ops.arange(self.num_ws, dtype="int32")[None, :] < cross
        return ops.where(first[:, :, None], ws, w2)

    def truncate(self, ws, psi=1.0, cutoff=None):
        """The truncation trick: `w_avg + psi (w - w_avg)` for the first `cutoff` styles.

        Args:
            ws: styles (batch, num_ws, w_dim).
            psi: 1 leaves ws as they are, 0 gives the average w.
            cutoff: truncate only the first `cutoff` styles (the coarse ones); None: all.
        """
        if psi == 1.0:
            return ws
        ws = ops.convert_to_tensor(ws)
        w_avg = ops.cast(self.w_avg, ws.dtype)  # float32 under mixed precision
        truncated = w_avg + (ws - w_avg) * psi
        if cutoff is None:
            return truncated
        coarse = ops.arange(self.num_ws)[None, :, None] < int(cutoff)
        return ops.where(coarse, truncated, ws)

    def build(self, input_shape):
        self.mapping(keras.KerasTensor((1, self.latent_dim)))
        self.build_synthesis()
        self.built = True

    def call(
        self,
        inputs,
        labels=None,
        training=None,
        mode="full",
        truncation=1.0,
        truncation_cutoff=None,
    ):
        del labels
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}.")
        if mode == "synthesis":
            ws = self.broadcast(inputs)
        else:
            ws = self.broadcast(self.mapping(inputs, track=bool(training) and mode == "full"))
            if training:
                ws = self.mix(ws, ops.shape(inputs)[0])
            if mode == "mapping":
                return ws
        return self.synthesis(self.truncate(ws, truncation, truncation_cutoff), training)

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "image_shape": self.image_shape,
            "w_dim": self.w_dim,
            "mapping_layers": self.mapping_layers,
            "mapping_lr": self.mapping_lr,
            "mixing_probability": self.mixing_probability,
            "w_avg_beta": self.w_avg_beta,
            "channel_base": self.channel_base,
            "channel_max": self.channel_max,
            "seed": self.seed,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class StyleGenerator(StyleNetwork):
    """StyleGAN's generator: a constant 4x4 input, AdaIN from w after every convolution.

    Each layer: equalized-LR convolution (3x3; upsampled by nearest neighbour and a
    [1, 2, 1] blur at the first of each resolution), per-pixel noise with learned
    per-channel strength, bias and leaky ReLU, then AdaIN with its own style. One
    to-RGB per resolution; with progressive growing (`stage` below the last) the
    newest resolution fades in as in PGGAN.

    Args:
        stage: the stage a call runs (None: the last); set by progressive training.
        grows: whether the output fades between two stages (progressive growing).
        **kwargs: `StyleNetwork`'s arguments.
    """

    def __init__(self, stage=None, grows=False, **kwargs):
        super().__init__(**kwargs)
        self.stage = self.stages - 1 if stage is None else int(stage)
        self.grows = bool(grows)
        self.alpha = self.add_weight(
            shape=(), initializer="ones", trainable=False, name="alpha", dtype="float32"
        )
        r0, c0 = 4, self.channels(0)
        self.const = self.add_weight(shape=(r0, r0, c0), initializer="ones", name="const")
        self.blocks = []
        for stage in range(self.stages):
            c = self.channels(stage)
            first = [] if stage == 0 else [layers.UpSampling2D(2), Blur2D((1, 2, 1))]
            first += [] if stage == 0 else [EqualizedConv2D(c, 3, use_bias=False)]
            self.blocks.append(
                [
                    first,
                    self._epilogue(),
                    [EqualizedConv2D(c, 3, use_bias=False)],
                    self._epilogue(),
                ]
            )
        channels = self.image_shape[-1]
        self.to_rgb = [EqualizedConv2D(channels, 1, gain=1.0) for _ in range(self.stages)]

    def _epilogue(self):
        """Noise, bias with leaky ReLU, then AdaIN: what follows each convolution."""
        return [NoiseInjection(seed=self.seed), BiasActivation(gain=1.0), AdaIN()]

    def _layer(self, parts, epilogue, h, w, training):
        for layer in parts:
            h = layer(h)
        noise, bias, adain = epilogue
        return adain([bias(noise(h, training=training)), w])

    def _stage(self, stage, h, ws, training):
        first, epilogue1, second, epilogue2 = self.blocks[stage]
        h = self._layer(first, epilogue1, h, ws[:, 2 * stage], training)
        return self._layer(second, epilogue2, h, ws[:, 2 * stage + 1], training)

    def _start(self, ws):
        batch = ops.shape(ws)[0]
        return ops.broadcast_to(self.const[None], (batch, *self.const.shape))

    def build_synthesis(self):
        ws = keras.KerasTensor((1, self.num_ws, self.w_dim))
        h = self._start(ws)
        for stage in range(self.stages):
            h = self._stage(stage, h, ws, None)
            self.to_rgb[stage](h)

    def synthesis(self, ws, training=None):
        """Images (full size, linear output) from styles `ws` (batch, num_ws, w_dim)."""
        h = self._start(ws)
        for stage in range(self.stage):
            h = self._stage(stage, h, ws, training)
        if self.grows and self.stage > 0:
            previous = upscale(self.to_rgb[self.stage - 1](h), 2)
            rgb = self.to_rgb[self.stage](self._stage(self.stage, h, ws, training))
            rgb = previous + (rgb - previous) * self.alpha
        else:
            rgb = self.to_rgb[self.stage](self._stage(self.stage, h, ws, training))
        return upscale(rgb, self.image_shape[0] // (4 * 2**self.stage))

    def get_config(self):
        return {**super().get_config(), "stage": self.stage, "grows": self.grows}


@keras.saving.register_keras_serializable(package="kerasgan")
class Style2Generator(StyleNetwork):
    """StyleGAN2's generator (config E/F's skip architecture): modulated convolutions.

    Each layer: a 3x3 convolution whose weights are modulated by its style and
    demodulated (the first of each resolution upsamples with a [1, 3, 3, 1] filter),
    per-pixel noise, bias and leaky ReLU times sqrt(2). Each resolution adds its
    to-RGB (a modulated 1x1 convolution without demodulation) to the enlarged image
    of the resolutions below. No progressive growing.

    Args:
        **kwargs: `StyleNetwork`'s arguments.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        r0, c0 = 4, self.channels(0)
        self.const = self.add_weight(
            shape=(r0, r0, c0),
            initializer=keras.initializers.RandomNormal(stddev=1.0),
            name="const",
        )
        self.blocks = []
        for stage in range(self.stages):
            c = self.channels(stage)
            convs = [] if stage == 0 else [ModulatedConv2D(c, 3, upsample=True)]
            convs.append(ModulatedConv2D(c, 3))
            self.blocks.append(
                [[conv, NoiseInjection(seed=self.seed), BiasActivation()] for conv in convs]
            )
        channels = self.image_shape[-1]
        self.to_rgb = [
            [ModulatedConv2D(channels, 1, demodulate=False), BiasActivation(None, gain=1.0)]
            for _ in range(self.stages)
        ]
        self.upsample_rgb = Upsample2D()

    def _start(self, ws):
        batch = ops.shape(ws)[0]
        return ops.broadcast_to(self.const[None], (batch, *self.const.shape))

    def _style_indices(self, stage):
        """The styles of a stage's convolutions and of its to-RGB."""
        if stage == 0:
            return [0], 1
        return [2 * stage - 1, 2 * stage], 2 * stage + 1

    def _run(self, ws, training, build=False):
        h, image = self._start(ws), None
        for stage in range(self.stages):
            conv_ws, rgb_w = self._style_indices(stage)
            for (conv, noise, bias), index in zip(self.blocks[stage], conv_ws):
                h = bias(noise(conv([h, ws[:, index]]), training=training))
            conv, bias = self.to_rgb[stage]
            rgb = bias(conv([h, ws[:, rgb_w]]))
            image = rgb if image is None else self.upsample_rgb(image) + rgb
        return image

    def build_synthesis(self):
        self._run(keras.KerasTensor((1, self.num_ws, self.w_dim)), None)

    def synthesis(self, ws, training=None):
        """Images (full size, linear output) from styles `ws` (batch, num_ws, w_dim)."""
        return self._run(ws, training)
