/** About the data: where it comes from, what is extracted automatically and how far to trust it. */
import type { Archive } from '../../../store/archive.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { STATUS_HELP, STATUS_LABEL, TASK_STATES, TASK_STATE_HELP, TASK_STATE_LABEL, fmtCount } from '../format.js';
import { PARSER_VERSION } from '../../../version.js';

export async function aboutPage(archive: Archive): Promise<string> {
  const s = await archive.stats();
  const body = html`
<header class="page-head"><h1>数据说明</h1></header>
<div class="prose">
<section aria-labelledby="a1">
<h2 id="a1">数据从哪里来</h2>
<p>本站收录的是政府公报的文本（由公报 PDF 提取的文字）。程序逐期读取公报，识别刊头、目录和每一件文件，并把每件文件的原文行完整保存，不作改动。</p>
<p>当前收录 ${fmtCount(s.issues)} 期公报、${fmtCount(s.documents)} 件文件、${fmtCount(s.lines)} 行原文；识别出 ${fmtCount(s.appointments)} 条任免、${fmtCount(s.tasks)} 项任务、${fmtCount(s.citations)} 处引用（其中 ${fmtCount(s.resolvedCitations)} 处指向本库文件）。解析器版本 ${PARSER_VERSION}。</p>
</section>
<section aria-labelledby="a2">
<h2 id="a2">哪些内容是自动提取的</h2>
<p>以下信息全部由程序自动识别，<strong>可能遗漏或出错</strong>：文件的发文字号、发文机关、文种、成文日期、主送机关、公开属性；层级标题；附件；引用的其他文件；任免事项；领导小组等组成人员；工作任务的牵头单位、配合单位和完成时限；施行日期、有效期和废止关系。</p>
<p>每一条提取结果都注明它所依据的原文行号。文件页面中，提取出的内容在正文里以底色标出；点击页边的行号或“原文行”即可看到未经处理的原文。<strong>如有出入，以公报原文为准。</strong></p>
<p>正文的分段是程序把 PDF 排版造成的断行重新拼接而成的，中文字符之间多余的空格也被去掉了；原文行视图保留原样。</p>
</section>
<section aria-labelledby="a3">
<h2 id="a3">效力状态</h2>
<dl class="defs">${(Object.keys(STATUS_LABEL) as Array<keyof typeof STATUS_LABEL>).map((k) => html`<dt>${STATUS_LABEL[k]}</dt><dd>${STATUS_HELP[k]}。</dd>`)}</dl>
<p>效力状态只依据文件自身写明的施行日期、有效期和本库中其他文件的废止条款推算，并不等于官方的法规清理结论。</p>
</section>
<section aria-labelledby="a4">
<h2 id="a4">任务状态</h2>
<dl class="defs">${TASK_STATES.map((k) => html`<dt>${TASK_STATE_LABEL[k]}</dt><dd>${TASK_STATE_HELP[k]}。</dd>`)}</dl>
</section>
<section aria-labelledby="a5">
<h2 id="a5">开放接口</h2>
<p>全部数据可通过 JSON 接口读取，接口说明（OpenAPI 3）见 <a href="/api/openapi.json">/api/openapi.json</a>。每个页面都有固定的网址，可以直接收藏或引用。</p>
</section>
</div>`;
  return page({ title: '数据说明', body, nav: 'about', breadcrumbs: [{ href: '/', label: '首页' }, { label: '数据说明' }] });
}
