"""zhenxing (振兴): the joint working mechanism's system."""
