#!/usr/bin/env python3
"""A file system that loses what was not synced when its process dies: a power cut for tests.

Usage: powercut-fs.py BACKING_DIR MOUNT_POINT   (runs in the foreground; kill -9 it to cut the power)

Names (create, rename, unlink, mkdir) reach BACKING_DIR at once, as on a journalling file system; file contents do
not. A file's written bytes stay in this process's memory until the file is fsynced (or fdatasynced), and only then
are they written to BACKING_DIR and synced there. Killing the process drops every unsynced byte, which is what a
power cut does to data still in a disk's or kernel's cache: whatever a program acknowledged without syncing is gone.

Used by server/reliability/powercut.reliability.ts (docs/security.md item 34). Needs python3-fusepy and /dev/fuse.
"""
import errno
import os
import sys
import threading

try:
    from fusepy import FUSE, FuseOSError, Operations  # Debian names the module fusepy
except ImportError:
    from fuse import FUSE, FuseOSError, Operations


class PowerCutFS(Operations):
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.mutex = threading.RLock()
        # path -> bytearray: the file's contents as programs see them (loaded at its first write)
        self.dirty = {}
        # path -> [start, end) ranges of the image written since the last sync
        self.ranges = {}

    def _full(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    def _image(self, path):
        image = self.dirty.get(path)
        if image is None:
            try:
                with open(self._full(path), 'rb') as f:
                    image = bytearray(f.read())
            except FileNotFoundError:
                raise FuseOSError(errno.ENOENT)
            self.dirty[path] = image
        return image

    def _flush(self, path):
        # The image stays: it is what programs read; only the record of what is unsynced goes.
        image = self.dirty.get(path)
        if image is None or path not in self.ranges:
            return
        ranges = self.ranges.pop(path)
        fd = os.open(self._full(path), os.O_WRONLY)
        try:
            os.ftruncate(fd, len(image))
            for start, end in ranges:
                end = min(end, len(image))
                if start < end:
                    os.pwrite(fd, bytes(image[start:end]), start)
            os.fsync(fd)
        finally:
            os.close(fd)

    # names and attributes: straight through
    def access(self, path, mode):
        if not os.access(self._full(path), mode):
            raise FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        with self.mutex:
            st = os.lstat(self._full(path))
            attrs = {k: getattr(st, k) for k in (
                'st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid')}
            if path in self.dirty:
                attrs['st_size'] = len(self.dirty[path])
            return attrs

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._full(path))

    def chmod(self, path, mode):
        os.chmod(self._full(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._full(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._full(path), times)

    def mkdir(self, path, mode):
        os.mkdir(self._full(path), mode)

    def rmdir(self, path):
        os.rmdir(self._full(path))

    def statfs(self, path):
        st = os.statvfs(self._full(path))
        return {k: getattr(st, k) for k in (
            'f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag',
            'f_frsize', 'f_namemax')}

    def unlink(self, path):
        with self.mutex:
            self.dirty.pop(path, None)
            self.ranges.pop(path, None)
            os.unlink(self._full(path))

    def rename(self, old, new):
        with self.mutex:
            os.rename(self._full(old), self._full(new))
            self.dirty.pop(new, None)
            self.ranges.pop(new, None)
            if old in self.dirty:
                self.dirty[new] = self.dirty.pop(old)
                self.ranges[new] = self.ranges.pop(old, [])

    # contents: held here until synced
    def create(self, path, mode, fi=None):
        with self.mutex:
            fd = os.open(self._full(path), os.O_WRONLY | os.O_CREAT, mode)
            os.close(fd)
            return 0

    def open(self, path, flags):
        with self.mutex:
            if flags & os.O_TRUNC:
                self._image(path)[:] = b''
                self.ranges.setdefault(path, [])
            return 0

    def read(self, path, size, offset, fh):
        with self.mutex:
            if path in self.dirty:
                return bytes(self.dirty[path][offset:offset + size])
            with open(self._full(path), 'rb') as f:
                f.seek(offset)
                return f.read(size)

    def write(self, path, data, offset, fh):
        with self.mutex:
            image = self._image(path)
            end = offset + len(data)
            if len(image) < offset:
                image.extend(b'\0' * (offset - len(image)))
            image[offset:end] = data
            self.ranges.setdefault(path, []).append((offset, end))
            return len(data)

    def truncate(self, path, length, fh=None):
        with self.mutex:
            image = self._image(path)
            if length < len(image):
                del image[length:]
            else:
                image.extend(b'\0' * (length - len(image)))

    def fsync(self, path, datasync, fh):
        with self.mutex:
            self._flush(path)
            return 0

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        return 0

    def fsyncdir(self, path, datasync, fh):
        return 0


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: powercut-fs.py BACKING_DIR MOUNT_POINT')
    FUSE(PowerCutFS(sys.argv[1]), sys.argv[2], foreground=True, nothreads=False, debug=bool(os.environ.get("PCFS_DEBUG")))
