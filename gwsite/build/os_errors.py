"""What an `OSError` that stopped a build means, in Chinese: the file, why, and what to do."""

from __future__ import annotations

import errno
from collections.abc import Callable


# What an `OSError` means to the person running the build, by its `errno`.
REASONS = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EROFS: "所在的文件系统是只读的",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有权限",
    errno.EIO: "读写磁盘时出错（输入/输出错误）",
    errno.ENAMETOOLONG: "路径太长",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "应是文件，却是文件夹",
    errno.ENOTDIR: "路径中应是文件夹的一项是文件",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EXDEV: "不能跨文件系统移动",
}
# What to do about each, after the reason.
ADVICE = {
    errno.ENOSPC: "请清理磁盘、腾出空间后重新生成",
    errno.EDQUOT: "请清理磁盘、腾出空间后重新生成",
    errno.EROFS: "请在可写的位置生成，或在 mkdocs.yml 中把 site_dir 改到可写的文件夹",
    errno.EACCES: "请确认运行 mkdocs 的用户对该文件夹有写入权限，或在 mkdocs.yml 中把 site_dir 改到可写的文件夹",
    errno.EPERM: "请确认运行 mkdocs 的用户对该文件夹有写入权限，或在 mkdocs.yml 中把 site_dir 改到可写的文件夹",
}


def os_reason(error: OSError) -> str:
    """Why an `OSError` happened, in Chinese (the system's own words for an error not listed)."""
    return REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__)


def describe_os_error(error: OSError, shown: Callable[[str], str] = lambda path: path, staged: bool = True) -> str:
    """One Chinese message for an `OSError` that stopped a build: the file, why, and what to do
    (and, for a `staged` build, that the published site is as it was)."""
    name = next((n for n in (error.filename2, error.filename) if isinstance(n, str)), None)  # a copy's target first
    verb = "写入" if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) else "读写"
    where = f"{verb} {shown(name)} 时失败：" if name else f"{verb}文件时失败："
    advice = ADVICE.get(error.errno or 0, "请排除上述问题后重新生成")
    kept = "网站文件夹保持上一次生成的样子，没有改动；" if staged else ""
    return f"{where}{os_reason(error)}。{kept}{advice}"
