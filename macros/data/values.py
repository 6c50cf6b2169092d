"""Checks of the values an editor states (a figure's `value`, an indicator's `target` and `actual`, a date):
right kind for the unit, no silent change on the page. Pure functions over one value; each returns (vi, en, fix)
or None, and the caller places the error (file, line, key).

Decisions (docs/huong-dan-bien-tap.md, "Đọc thông báo lỗi"):
- a percentage between 0 and 1 is a fraction typed by mistake (0.7985 for 79,85%) unless the figure declares
  `min:` at or below it (a rate that is really under 1%);
- a date is written unquoted (2023-11-30): quoted, it is text, and would not be shown as a date.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from .. import chars


def number_hint(raw: str, whole: bool = False, text_value: bool = False) -> str:
    """What a Vietnamese editor probably meant by a number YAML cannot take as written; `whole`: the figure counts
    (or is money), so '14,871' is a thousands comma, not a decimal one; `text_value`: YAML read it as text."""
    text = raw.strip().rstrip("%").strip()
    if any(c.isdigit() and not c.isascii() for c in raw):   # '１４１': full-width digits (an IME, a PDF), not quotes
        typed = unicodedata.normalize("NFKC", raw.strip())
        return (f"'{raw.strip()}' viết bằng chữ số toàn khổ (của bộ gõ tiếng Nhật, Trung hay chép từ PDF), YAML không "
                f"đọc được là số: gõ lại bằng chữ số của bàn phím: {typed}.")
    if text_value and re.fullmatch(r"-?\d+(\.\d+)?", raw.strip()):   # text only because it is quoted
        plain = re.sub(r"^(-?)0+(?=\d)", r"\1", text)   # "07" -> 7: unquoted, a leading zero is refused too
        return f"Số nằm trong dấu ngoặc kép nên YAML đọc thành chữ: bỏ dấu ngoặc, viết {plain}."
    if whole and re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        return (f"{text} trông như {text.replace(',', '')} viết có dấu phẩy hàng nghìn; số đếm viết liền, không "
                f"dấu: {text.replace(',', '')} (trang sẽ hiện dấu chấm hàng nghìn).")
    odd = chars.odd_characters(raw)
    if odd:
        return (f"Giá trị có {chars.describe(odd)}: trong số liệu chỉ viết chữ số và dấu chấm thập phân, ví dụ "
                f"{re.sub(r'[^0-9.,]', '', chars.plain(raw)) or '14871'}. {chars.advice(odd)}")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        whole = text.replace(".", "")
        return f"{text} trông như {whole} viết có dấu chấm hàng nghìn; trong YAML hãy viết {whole}."
    if re.fullmatch(r"\d{1,3}(\.\d{3})*,\d+|\d+,\d+", text):
        dotted = text.replace(".", "").replace(",", ".")
        return (f"{text} là cách viết số thập phân của tiếng Việt; trong YAML số thập phân dùng dấu chấm và "
                f"không đặt trong ngoặc kép: {dotted} (trang sẽ hiện dấu phẩy).")
    if raw.strip().endswith("%") and re.fullmatch(r"[\d.,]+", text):
        return f"Bỏ dấu %: đơn vị '%' đã ghi ở khoá unit; viết {text.replace(',', '.')}."
    if re.fullmatch(r"\d[\d ]*\d", text):
        return f"Bỏ dấu cách trong số: viết {text.replace(' ', '')}."
    return ""


def decimals_of(value) -> int:
    """How many decimals a stated number has as written (79.85 -> 2, 90 -> 0, 1e-05 -> 5)."""
    if isinstance(value, int):
        return 0
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def fraction_percent(raw: str, value, minimum) -> tuple | None:
    """A percentage typed as a fraction: 0.7985 where the unit is % (79,85%)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if minimum is not None:
        if value < minimum:
            return (f"Tỷ lệ {raw} nhỏ hơn mức tối thiểu khai báo (min: {minimum}).",
                    f"Percentage {raw} is below the declared min {minimum}.", "Sửa tỷ lệ, hoặc sửa min.")
        return None
    if 0 < value < 1:
        as_percent = f"{Decimal(str(value)) * 100:f}".rstrip("0").rstrip(".")
        return (f"Tỷ lệ {raw} nhỏ hơn 1%: có lẽ đã ghi dạng phân số ({raw} = {as_percent}%); trang sẽ hiện "
                f"{raw.replace('.', ',')}%.",
                f"Percentage {raw} is below 1%: probably a fraction ({raw} = {as_percent}%).",
                f"Ghi theo phần trăm: {as_percent}. Nếu tỷ lệ thật sự dưới 1%, thêm dòng 'min: 0' vào mục này.")
    return None


def quoted_date(raw, value) -> tuple | None:
    """A date written in quotes: text, not a date."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        return (f"Ngày '{value}' nằm trong dấu ngoặc nên YAML đọc thành chữ, không phải ngày.",
                f"The date {value!r} is quoted, so it is text, not a date.",
                f"Bỏ dấu ngoặc: date: {value.strip()}")
    if value is not None and not isinstance(value, (str, dt.date)):
        return (f"'{raw}' không phải ngày.", f"{raw!r} is not a date.", "Viết ngày dạng năm-tháng-ngày, ví dụ 2023-11-30.")
    return None
