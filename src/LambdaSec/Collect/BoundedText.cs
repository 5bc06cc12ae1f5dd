using System.IO;
using System.Text;

namespace LambdaSec.Collect;

/// <summary>Reads the text of a stream whose declared size is not to be trusted (a zip entry), up to a bound.</summary>
public static class BoundedText
{
    /// <summary>The UTF-8 text of <paramref name="stream"/>, or null when it holds more than <paramref name="maxBytes"/> (nothing past the bound is read).</summary>
    public static string? Read(Stream stream, int maxBytes)
    {
        var bytes = new byte[maxBytes + 1];
        int length = 0, read;
        while (length < bytes.Length && (read = stream.Read(bytes, length, bytes.Length - length)) > 0)
        {
            length += read;
        }

        return length > maxBytes ? null : Encoding.UTF8.GetString(bytes, 0, length);
    }
}
