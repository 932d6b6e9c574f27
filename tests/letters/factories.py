import io

import factory
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from letters.models import SigningProfile


def signature_png(width: int = 360, height: int = 120) -> bytes:
    """A small made-up handwritten-looking signature, as PNG bytes."""
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(10 + i * 11, height // 2 + (18 if i % 2 else -18)) for i in range(30)]
    draw.line(points, fill=(20, 30, 90, 255), width=4)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


class SigningProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SigningProfile

    credentials = "PhD, Licensed Psychologist"
    license_number = factory.Sequence(lambda n: f"PSY-{40000 + n}")
    signature_image = factory.LazyFunction(
        lambda: ContentFile(signature_png(), name="signature.png")
    )
