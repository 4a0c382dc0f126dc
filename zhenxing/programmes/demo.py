"""Demo designations for `zhenxing demo-data`: the shipped, sourced ones (after the projects
demo has loaded the county-level regions they name)."""

from zhenxing.programmes.services import designations_load_shipped


def populate(*, secretariat, mechanism, plan, today) -> str:
    result = designations_load_shipped()
    return f"区域类型认定：新增 {result['added']} 条"
