"""The demo data set: 包头市 and its districts, with 昆都仑区's published 2022 H1 records.

Every figure of the reference bulletin comes out of the platform's computation over these records;
only raw records are loaded here. Everything but the published 昆都仑区 figures is illustrative,
and its source says so.
"""

PUBLISHED_SOURCE = "昆都仑区2022年上半年经济运行数据（包头新闻网2022-07-23）"
ILLUSTRATIVE_SOURCE = "示意数据（演示用，非统计发布）"
