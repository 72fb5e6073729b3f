"""Responses read in a test as their reader reads them: a page's text, tables and messages on screen, an
exported workbook's rows, an API list's items."""

from __future__ import annotations

import io
import re
from typing import Any

from regionpulse.core.spreadsheets import read_rows


def plain(html: str) -> str:
    """HTML as read on screen: tags dropped (a cell, a term or a block ends with a space), runs of white
    space made one space."""
    spaced = re.sub(r"</(?:dt|dd|td|th|li|div|h\d|p)>|<br\s*/?>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", spaced)).strip()


def text_of(response: Any) -> str:
    assert response.status_code == 200
    return plain(response.content.decode())


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def table_rows(html: str) -> list[list[str]]:
    """Each body row of the page's tables, as the texts of its cells."""
    rows = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            rows.append([plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)])
    return rows


def xlsx_rows(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [list(row) for row in read_rows(io.BytesIO(response.content), 10**7)]


def results(response: Any) -> list[dict[str, Any]]:
    """An API list's items, paginated or not."""
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body
