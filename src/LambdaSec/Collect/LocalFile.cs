using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LambdaSec.Collect;

/// <summary>
/// Local files read or written by the cmdlets, bounded against hostile input (docs/hostile-input.md): only regular
/// files are opened (a FIFO would block, a device such as /dev/zero never ends), reads stop at a size cap, folder
/// walks never follow a directory link (no loops, no file seen twice), and files holding policies or findings are
/// created readable by their owner only (0600 on Unix, an owner-only ACL on Windows, set at creation so there is no window).
/// </summary>
public static class LocalFile
{
    /// <summary>The largest template, backup, checkpoint or data file read: 64 MiB.</summary>
    public const long MaxTextBytes = 64L * 1024 * 1024;

    // S_IFMT and S_IFREG as the .NET runtime's System.Native reports them (the same values on Linux and macOS).
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int OwnerReadWrite = 0x180; // 0600

    /// <summary>
    /// Why <paramref name="path"/> may not be read (a FIFO, device, socket or folder), or null for a regular file
    /// (links are followed to what they name). A path that does not exist throws <see cref="FileNotFoundException"/>.
    /// </summary>
    public static string? NotRegularReason(string path)
    {
        if (Directory.Exists(path))
        {
            return "it is a folder";
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || StatMode(path) is not { } mode)
        {
            return null;
        }

        return ReasonFor(mode);
    }

    /// <summary>Why a file of this st_mode may not be read, or null for a regular file.</summary>
    private static string? ReasonFor(int mode) =>
        (mode & TypeMask) switch
        {
            RegularType => null,
            0x1000 => "it is a FIFO (named pipe); reading it could block forever",
            0x2000 => "it is a character device; reading it could never end",
            0x6000 => "it is a block device",
            0xC000 => "it is a socket",
            _ => "it is not a regular file",
        };

    /// <summary>
    /// A regular file opened for reading when it holds at most <paramref name="maxBytes"/>; otherwise an
    /// <see cref="IOException"/> saying why (a FIFO, a device or a link to one is never opened). For readers that
    /// take a stream (JSON reports); the caller disposes it.
    /// </summary>
    public static FileStream OpenRead(string path, long maxBytes)
    {
        // Checked by path first (a missing file and a folder get their own message, and a device is not even opened),
        // then again on what was opened: the file may have been replaced in between.
        if (NotRegularReason(path) is { } reason)
        {
            throw NotRead(path, reason);
        }

        var stream = OpenRegular(path);
        if (stream.Length > maxBytes)
        {
            stream.Dispose();
            throw TooLarge(path, maxBytes);
        }

        return stream;
    }

    /// <summary>The bytes of a regular file of at most <paramref name="maxBytes"/>; otherwise an <see cref="IOException"/> saying why.</summary>
    public static byte[] ReadBytes(string path, long maxBytes)
    {
        // The cap is also kept while reading: a file may grow after it was opened.
        using var stream = OpenRead(path, maxBytes);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(path, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// <paramref name="path"/> opened for reading, when what was opened is a regular file; otherwise an
    /// <see cref="IOException"/> saying what it is. On Linux and macOS the path is opened once, without waiting
    /// (O_NONBLOCK: opening a FIFO that nobody writes returns at once instead of blocking), and the type is read from
    /// the opened descriptor (fstat), which is then the one read: a file swapped for a FIFO or a device link after a
    /// check by path is refused, never read nor waited on. On Windows (no FIFOs in the file system) and other systems
    /// the path is opened as before. <see cref="OpenRead"/> checks the path first; this is what it does after that.
    /// </summary>
    public static FileStream OpenRegular(string path)
    {
        int descriptor;
        try
        {
            descriptor = OpenFlags() is { } flags ? UnixOpen(Encoding.UTF8.GetBytes(path + "\0"), flags) : NotOpened;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            descriptor = NotOpened;
        }

        if (descriptor == NotOpened)
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }

        if (descriptor < 0)
        {
            var error = Marshal.GetLastWin32Error();
            var message = $"'{path}' could not be opened: {new Win32Exception(error).Message}.";
            throw error switch
            {
                NoSuchFile => new FileNotFoundException(message, path),
                PermissionDenied => new UnauthorizedAccessException(message),
                _ => new IOException(message),
            };
        }

        var handle = new SafeFileHandle(new IntPtr(descriptor), ownsHandle: true);
        try
        {
            var status = new byte[256];
            if (SystemNativeFStat(handle, status) != 0)
            {
                throw new IOException($"'{path}' could not be examined: {new Win32Exception(Marshal.GetLastWin32Error()).Message}.");
            }

            if (ReasonFor(BitConverter.ToInt32(status, 4)) is { } reason)
            {
                throw NotRead(path, reason);
            }

            return new FileStream(handle, FileAccess.Read);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // open(2) flags O_RDONLY | O_NONBLOCK | O_CLOEXEC, whose values differ between the kernels:
    // Linux: O_RDONLY 0, O_NONBLOCK 04000 (0x800), O_CLOEXEC 02000000 (0x80000), from include/uapi/asm-generic/fcntl.h
    // (as installed in /usr/include/asm-generic/fcntl.h; glibc's bits/fcntl-linux.h has the same), the values of every
    // architecture .NET runs on (x86, x64, Arm, Arm64; only Alpha, MIPS, PA-RISC and SPARC define their own).
    // macOS (XNU): O_RDONLY 0, O_NONBLOCK 0x00000004, O_CLOEXEC 0x01000000, from XNU's bsd/sys/fcntl.h (the SDK's sys/fcntl.h).
    private const int LinuxReadNonBlocking = 0x800 | 0x80000;
    private const int MacReadNonBlocking = 0x4 | 0x1000000;
    private const int NotOpened = int.MinValue; // no libc open here: the path is opened by FileStream
    private const int NoSuchFile = 2; // ENOENT, the same on Linux and macOS
    private const int PermissionDenied = 13; // EACCES, the same on Linux and macOS

    /// <summary>The open flags of this system, or null where they are not known (Windows, other Unix systems, other Linux architectures).</summary>
    private static int? OpenFlags()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return MacReadNonBlocking;
        }

        var architecture = RuntimeInformation.ProcessArchitecture;
        return RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && architecture is Architecture.X64 or Architecture.Arm64 or Architecture.X86 or Architecture.Arm
            ? LinuxReadNonBlocking
            : null;
    }

    private static IOException NotRead(string path, string reason) =>
        new($"'{path}' was not read: {reason}. Give a regular file.");

    private static IOException TooLarge(string path, long maxBytes) =>
        new($"'{path}' was not read: it is larger than {maxBytes / (1024 * 1024)} MiB, the limit for this kind of file.");

    /// <summary>The text of a regular file (UTF-8 unless a byte order mark says otherwise) of at most <paramref name="maxBytes"/>.</summary>
    public static string ReadText(string path, long maxBytes = MaxTextBytes)
    {
        using var reader = new StreamReader(new MemoryStream(ReadBytes(path, maxBytes)), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The regular files under <paramref name="root"/> (and its subfolders with <paramref name="recurse"/>), in ordinal
    /// order per folder. Links to folders are not followed; links to files are kept when they name a regular file.
    /// Each entry left out is passed to <paramref name="skipped"/> with the reason.
    /// </summary>
    public static IEnumerable<string> EnumerateFiles(string root, bool recurse, Action<string, string> skipped)
    {
        var folders = new Stack<string>();
        folders.Push(root);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            var entries = new List<FileSystemInfo>(new DirectoryInfo(folder).EnumerateFileSystemInfos());
            entries.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
            var subfolders = new List<string>();
            foreach (var entry in entries)
            {
                var isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0;
                if (entry is DirectoryInfo || Directory.Exists(entry.FullName))
                {
                    if (!recurse)
                    {
                        continue;
                    }

                    if (isLink)
                    {
                        skipped(entry.FullName, "a link to a folder (folder links are not followed)");
                    }
                    else
                    {
                        subfolders.Add(entry.FullName);
                    }

                    continue;
                }

                string? reason;
                try
                {
                    reason = NotRegularReason(entry.FullName);
                }
                catch (FileNotFoundException)
                {
                    reason = "a link to nothing";
                }

                if (reason is null)
                {
                    yield return entry.FullName;
                }
                else
                {
                    skipped(entry.FullName, reason);
                }
            }

            // Pushed in reverse so the first subfolder is walked first (depth-first, ordinal order).
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                folders.Push(subfolders[i]);
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending (an existing file must be a regular file); a new file is created
    /// readable and writable by its owner only, at creation so there is no window: on Unix mode 0600 given to open(2)
    /// (on runtimes that support it: PowerShell 7.3+), on Windows a protected ACL whose one entry gives the file's owner
    /// (the user creating it) full control, nothing inherited from the folder. An existing file keeps its mode or ACL.
    /// </summary>
    public static FileStream OpenPrivateAppend(string path)
    {
        if (!File.Exists(path) && (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? CreateOwnerOnlyOnWindows(path) : CreatePrivate(path)) is { } created)
        {
            return created;
        }

        // Writing to a FIFO blocks until someone reads it; a device is no backup.
        if (File.Exists(path) && NotRegularReason(path) is { } reason)
        {
            throw new IOException($"'{path}' was not written: {reason}. Give a regular file.");
        }

        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    // FileStreamOptions.UnixCreateMode exists from .NET 7; this assembly targets netstandard2.0, so it is reached by reflection.
    private static readonly Type? OptionsType = Type.GetType("System.IO.FileStreamOptions");
    private static readonly ConstructorInfo? OptionsConstructor = OptionsType is null ? null : typeof(FileStream).GetConstructor([typeof(string), OptionsType]);

    private static FileStream? CreatePrivate(string path)
    {
        if (OptionsType is null || OptionsConstructor is null || OptionsType.GetProperty("UnixCreateMode") is not { } createMode)
        {
            return null;
        }

        var options = Activator.CreateInstance(OptionsType)!;
        OptionsType.GetProperty("Mode")!.SetValue(options, FileMode.Append);
        OptionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
        OptionsType.GetProperty("Share")!.SetValue(options, FileShare.Read);
        createMode.SetValue(options, Enum.ToObject(createMode.PropertyType.GetGenericArguments()[0], OwnerReadWrite));
        try
        {
            return (FileStream)OptionsConstructor.Invoke([path, options]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
        {
            throw inner is IOException or UnauthorizedAccessException ? inner : new IOException(inner.Message, inner);
        }
    }

    // SDDL: a protected DACL (P: the folder's entries are not inherited) with one entry, full access (FA) for the owner (OW).
    private const string OwnerOnlySddl = "D:P(A;;FA;;;OW)";
    private const uint GenericWrite = 0x40000000;
    private const uint CreateNew = 1;
    private const uint NormalAttributes = 0x80;
    private const int ErrorFileExists = 80;

    /// <summary>
    /// Creates a new file with the owner-only ACL through CreateFileW (netstandard2.0 has no FileSecurity), or null when
    /// another process created it first (it is then opened as an existing file).
    /// </summary>
    private static FileStream? CreateOwnerOnlyOnWindows(string path)
    {
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(OwnerOnlySddl, 1, out var descriptor, IntPtr.Zero))
        {
            throw new IOException($"'{path}' was not created: the owner-only security descriptor could not be built ({new Win32Exception(Marshal.GetLastWin32Error()).Message}).");
        }

        try
        {
            var attributes = new SecurityAttributes { Length = Marshal.SizeOf<SecurityAttributes>(), SecurityDescriptor = descriptor };
            var handle = CreateFileW(Path.GetFullPath(path), GenericWrite, (uint)FileShare.Read, ref attributes, CreateNew, NormalAttributes, IntPtr.Zero);
            if (handle.IsInvalid)
            {
                var error = Marshal.GetLastWin32Error();
                handle.Dispose();
                return error == ErrorFileExists ? null : throw new IOException($"'{path}' was not created: {new Win32Exception(error).Message}");
            }

            return new FileStream(handle, FileAccess.Write);
        }
        finally
        {
            LocalFree(descriptor);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SecurityAttributes
    {
        public int Length;
        public IntPtr SecurityDescriptor;
        public int InheritHandle;
    }

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string sddl, uint revision, out IntPtr descriptor, IntPtr size);

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern SafeFileHandle CreateFileW(string name, uint access, uint share, ref SecurityAttributes attributes, uint disposition, uint flags, IntPtr template);

    [DllImport("kernel32.dll")]
    private static extern IntPtr LocalFree(IntPtr memory);

    private static int? StatMode(string path)
    {
        try
        {
            var status = new byte[256];
            return SystemNativeStat(Encoding.UTF8.GetBytes(path + "\0"), status) == 0 ? BitConverter.ToInt32(status, 4) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // libc's open(path, flags): declared with its two fixed arguments only; the variadic mode is read only with O_CREAT,
    // which is never passed (and on Apple's Arm64 variadic arguments travel on the stack, so none is declared).
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int UnixOpen(byte[] utf8Path, int flags);

    // The runtime's own fstat on a descriptor: the same FileStatus as SystemNative_Stat below.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
    private static extern int SystemNativeFStat(SafeFileHandle descriptor, byte[] status);

    // The runtime's own stat (follows links): its FileStatus starts with Flags then Mode (int32 each) in every .NET since Core 1.0.
    // The path goes as NUL-terminated UTF-8 bytes (netstandard2.0 has no LPUTF8Str marshalling).
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int SystemNativeStat(byte[] utf8Path, byte[] status);
}
