"""The table of registered variants: names, families and where their classes live.

Kept outside `kerasgan.models` (whose package imports every class, and so Keras) so that
`kerasgan list` reads it, and each class's one-line description, without starting a
backend. `kerasgan.models.registry` builds on it.
"""

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Variant:
    """One registered variant.

    Args:
        name: the CLI name (`kerasgan train NAME`).
        family: the folder under `kerasgan/models/` that holds its module.
        module: the module's name in that folder.
        cls: the class's name in that module.
    """

    name: str
    family: str
    module: str
    cls: str

    def load(self):
        """Imports and returns the variant's class."""
        module = importlib.import_module(f"kerasgan.models.{self.family}.{self.module}")
        return getattr(module, self.cls)

    def summary(self):
        """The first line of the class's docstring, read from its source without importing
        it (so `kerasgan list` starts no backend)."""
        source = Path(__file__).parent / "models" / self.family / f"{self.module}.py"
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name == self.cls:
                return (ast.get_docstring(node) or "").splitlines()[0]
        raise LookupError(f"class {self.cls} not found in {source}")


VARIANTS = (
    Variant("gan", "unconditional", "gan", "VanillaGAN"),
    Variant("dcgan", "unconditional", "dcgan", "DCGAN"),
    Variant("cgan", "labels", "cgan", "CGAN"),
    Variant("acgan", "labels", "acgan", "ACGAN"),
    Variant("infogan", "latent", "infogan", "InfoGAN"),
    Variant("sgan", "labels", "sgan", "SGAN"),
    Variant("aae", "latent", "aae", "AAE"),
    Variant("bigan", "latent", "bigan", "BiGAN"),
    Variant("cogan", "latent", "cogan", "CoGAN"),
    Variant("lsgan", "unconditional", "dcgan_presets", "LSGAN"),
    Variant("wgan", "unconditional", "dcgan_presets", "WGAN"),
    Variant("wgan_gp", "unconditional", "dcgan_presets", "WGANGP"),
    Variant("wgan_gp_mlp", "unconditional", "gan_presets", "WGANGPMLP"),
    Variant("dragan", "unconditional", "dcgan_presets", "DRAGAN"),
    Variant("bgan", "unconditional", "dcgan_presets", "BGAN"),
    Variant("ragan", "unconditional", "dcgan_presets", "RaGAN"),
    Variant("ebgan", "unconditional", "ebgan", "EBGAN"),
    Variant("began", "unconditional", "began", "BEGAN"),
    Variant("sngan", "unconditional", "sngan", "SNGAN"),
    Variant("sagan", "unconditional", "sagan", "SAGAN"),
    Variant("pggan", "progressive", "pggan", "PGGAN"),
    Variant("stylegan", "style", "stylegan", "StyleGAN"),
    Variant("stylegan2", "style", "stylegan2", "StyleGAN2"),
    Variant("pix2pix", "translation", "pix2pix", "Pix2Pix"),
    Variant("cyclegan", "translation", "cyclegan", "CycleGAN"),
    Variant("discogan", "translation", "cyclegan_presets", "DiscoGAN"),
    Variant("dualgan", "translation", "cyclegan_presets", "DualGAN"),
    Variant("srresnet", "translation", "srgan", "SRResNet"),
    Variant("srgan", "translation", "srgan", "SRGAN"),
)
"""Every variant, in the order `kerasgan list` shows them."""
