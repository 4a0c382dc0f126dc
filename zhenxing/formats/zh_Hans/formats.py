"""Chinese input formats with ISO dates first.

Django renders a form's date value in the first input format; its Chinese first format is
2016/09/05, which a browser's date field (`<input type="date">`, ISO only) shows as empty.
Display formats (2016年9月5日) stay Django's own.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2016-09-05', what <input type="date"> sends and shows
    "%Y/%m/%d",  # '2016/09/05'
    "%Y年%m月%d日",  # '2016年9月5日'
]

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S.%f",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
]
